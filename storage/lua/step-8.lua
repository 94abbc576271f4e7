--[[
  Commits a batch of processed messages of one shard. Each message is its own
  atomic step: its checks run before any of its writes, so it is applied whole
  or not at all, and a refused step leaves the others untouched.

  KEYS[1] inbox stream      KEYS[5] versions hash
  KEYS[2] outbox stream     KEYS[6] dirty sorted set
  KEYS[3] events stream     KEYS[7] epoch
  KEYS[4] log stream        KEYS[8] dead-letter stream

  ARGV[1] shard key tag (prefix of actor and dedup keys)
  ARGV[2] lease epoch the caller holds
  ARGV[3] consumer group
  ARGV[4] de-duplication record TTL, ms
  ARGV[5] '1' when state is written with RedisJSON
  ARGV[6] approximate max length of the events and dead-letter streams
  ARGV[7] number of messages, then for each message:
    stream entry id to XACK ('' when none), message id, actor address ('' when
    the state does not change), expected version (0 = absent), new version,
    state JSON, de-duplication value, number of outbox entries, the entries,
    number of public events, the events, log entry ('' = none), dead-letter
    entry ('' = none)

  Output: -1 when the epoch is not the caller's (nothing written); otherwise a
  flat list of (code, value) per message: 1 applied; 2 duplicate, value = the
  stored de-duplication value; 3 version conflict (nothing written, not acked).
]]
--- @include "keys"
--- @include "writeState"

if redis.call('GET', KEYS[7]) ~= ARGV[2] then
  return -1
end

local tag, group, dedupTtl, jsonMode, maxLen = ARGV[1], ARGV[3], ARGV[4], ARGV[5], ARGV[6]

-- Writes that can be made once for the whole batch are collected and made at
-- the end (fewer commands per message). A later message of the batch for the
-- same actor must see an earlier one's version, hence `written`.
local written = {}
local versionPairs, dirtyPairs, acked = {}, {}, {}
local results = {}
local i = 8
for _ = 1, tonumber(ARGV[7]) do
  local streamId, messageId, address = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local expected, version, state, dedupValue = ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
  local outStart = i + 8
  local outCount = tonumber(ARGV[i + 7])
  local eventCountAt = outStart + outCount
  local eventCount = tonumber(ARGV[eventCountAt])
  local logEntry = ARGV[eventCountAt + eventCount + 1]
  local deadEntry = ARGV[eventCountAt + eventCount + 2]
  i = eventCountAt + eventCount + 3

  local seen = redis.call('GET', dedupKey(tag, messageId))
  if seen then
    -- A processed entry is acknowledged and deleted, so the inbox holds only work still to do.
    if streamId ~= '' then acked[#acked + 1] = streamId end
    results[#results + 1] = 2
    results[#results + 1] = seen
  else
    local current = '0'
    if address ~= '' then current = written[address] or redis.call('HGET', KEYS[5], address) or '0' end
    if address ~= '' and current ~= expected then
      results[#results + 1] = 3
      results[#results + 1] = current
    else
      if address ~= '' then
        writeState(actorKey(tag, address), state, jsonMode)
        written[address] = version
        versionPairs[#versionPairs + 1] = address
        versionPairs[#versionPairs + 1] = version
        dirtyPairs[#dirtyPairs + 1] = version
        dirtyPairs[#dirtyPairs + 1] = address
      end
      for o = outStart, outStart + outCount - 1 do
        redis.call('XADD', KEYS[2], '*', 'e', ARGV[o])
      end
      for e = eventCountAt + 1, eventCountAt + eventCount do
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', maxLen, '*', 'e', ARGV[e])
      end
      if logEntry ~= '' then redis.call('XADD', KEYS[4], '*', 'e', logEntry) end
      if deadEntry ~= '' then redis.call('XADD', KEYS[8], 'MAXLEN', '~', maxLen, '*', 'e', deadEntry) end
      redis.call('SET', dedupKey(tag, messageId), dedupValue, 'PX', dedupTtl)
      if streamId ~= '' then acked[#acked + 1] = streamId end
      results[#results + 1] = 1
      results[#results + 1] = ''
    end
  end
end
-- Pairs and ids go in slices: unpack() is bounded by Lua's C stack (LUAI_MAXCSTACK, 8000).
local function inSlices(command, key, list, lead)
  local slice = 2000
  for first = 1, #list, slice do
    local last = math.min(first + slice - 1, #list)
    if lead then
      redis.call(command, key, lead, unpack(list, first, last))
    else
      redis.call(command, key, unpack(list, first, last))
    end
  end
end
inSlices('HSET', KEYS[5], versionPairs)
inSlices('ZADD', KEYS[6], dirtyPairs)
inSlices('XACK', KEYS[1], acked, group)
inSlices('XDEL', KEYS[1], acked)
return results
