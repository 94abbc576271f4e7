--[[
  Commits batches of processed messages, one batch per shard. Each message is
  its own atomic step: its checks run before any of its writes, so it is
  applied whole or not at all, and a refused step leaves the others untouched.
  Several shards' batches travel in one call on a Redis that is not a cluster
  (storage/redis-commit.ts); on a cluster each call carries one shard, whose
  keys share a slot.

  KEYS: 8 per batch, in the batch order:
  +1 inbox stream      +5 versions hash
  +2 outbox stream     +6 dirty sorted set
  +3 events stream     +7 epoch
  +4 log stream        +8 dead-letter stream

  ARGV[1] consumer group
  ARGV[2] de-duplication record TTL, ms: a message id is remembered at least
          this long (and less than twice as long)
  ARGV[3] '1' when state is written with RedisJSON
  ARGV[4] approximate max length of the events and dead-letter streams
  then for each batch:
    shard key tag (prefix of actor and dedup keys), lease epoch the caller
    holds, number of ARGV entries of the batch's messages (so a fenced batch
    is skipped whole), number of messages, then for each message:
    stream entry id to XACK ('' when none), message id, actor address ('' when
    the state does not change), expected version (0 = absent), new version,
    state JSON, de-duplication value, reply stream (index among the reply
    stream KEYS, 0 = nobody waits), reply head (the answer is appended as
    head .. answer .. '}', answer = the de-duplication value, or the stored
    one for a duplicate), number of outbox entries, the entries,
    number of public events, the events, log entry ('' = none), dead-letter
    entry ('' = none)

  Output: one element per batch: -1 when the epoch is not the caller's
  (nothing of that batch written); otherwise a flat list of (code, value) per
  message: 1 applied; 2 duplicate, value = the stored de-duplication value;
  3 version conflict (nothing written, not acked).
]]
--- @include "keys"
--- @include "writeState"

local group, dedupTtl, jsonMode, maxLen = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local replyKeysAt = tonumber(ARGV[5]) * 8
local replyMaxLen, replyTtl = ARGV[6], ARGV[7]
local answered = {}

-- De-duplication records go in one hash per shard and time bucket, a bucket
-- as wide as the TTL: a record written in bucket b is looked up in b and b + 1
-- (a read checks its own bucket and the one before) and lives until b + 2
-- begins. A key per record cost Redis over a quarter of its work per message,
-- in the command and in the key's expiry (bench/RESULTS.md, step-script).
-- Server time, so that every node agrees on the bucket.
local bucketWidth = tonumber(dedupTtl)
local time = redis.call('TIME')
local bucket = math.floor((tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)) / bucketWidth)
-- A field of each bucket that no message id can be (ids are never empty): its
-- presence says the bucket's expiry is set and the one before last is gone.
local BUCKET_MARKER = ''

-- The answer to a requester, in the same atomic step as the message's commit.
local function reply(index, head, answer)
  -- '' is no answer (a stale timer fire nobody waits for).
  if index == '0' or answer == '' then return end
  local stream = KEYS[replyKeysAt + tonumber(index)]
  redis.call('XADD', stream, 'MAXLEN', '~', replyMaxLen, '*', 'e', head .. answer .. '}')
  answered[stream] = true
end

-- Pairs and ids go in slices: unpack() is bounded by Lua's C stack (LUAI_MAXCSTACK, 8000).
local function inSlices(command, key, list, lead)
  local slice = 2000
  for first = 1, #list, slice do
    local last = math.min(first + slice - 1, #list)
    if lead then
      redis.call(command, key, lead, unpack(list, first, last))
    elseif key then
      redis.call(command, key, unpack(list, first, last))
    else
      redis.call(command, unpack(list, first, last))
    end
  end
end

-- Reads the fields `names` of hash `key` into `into` (name → value), with one
-- HMGET per slice of names; absent fields are left out.
local function readFields(key, names, into)
  local slice = 2000
  for first = 1, #names, slice do
    local last = math.min(first + slice - 1, #names)
    local values = redis.call('HMGET', key, unpack(names, first, last))
    for n = first, last do
      if values[n - first + 1] then into[names[n]] = values[n - first + 1] end
    end
  end
end

-- Where the variable parts of the message starting at ARGV[i] lie (the layout
-- above): its outbox entries start at i + 10, its event count is at
-- eventCountAt, and the next message starts at `after`.
local function messageLayout(i)
  local eventCountAt = i + 10 + tonumber(ARGV[i + 9])
  local eventCount = tonumber(ARGV[eventCountAt])
  return eventCountAt, eventCount, eventCountAt + eventCount + 3
end

-- What the batch's checks need, read up front with a few HMGETs instead of a
-- command per message (a command costs Redis more in the call than in the
-- work, bench/RESULTS.md): the versions Redis holds for the batch's actors,
-- and the answers already recorded for its message ids. Walks the batch's
-- ARGV layout once, reading only those two fields of each message.
local function batchLookups(k, tag, i, count)
  local addresses, ids = {}, {}
  for _ = 1, count do
    ids[#ids + 1] = ARGV[i + 1]
    local address = ARGV[i + 2]
    if address ~= '' then addresses[#addresses + 1] = address end
    local _, _, after = messageLayout(i)
    i = after
  end
  local versionOf, answerOf = {}, {}
  readFields(KEYS[k + 5], addresses, versionOf)
  readFields(dedupKey(tag, bucket - 1), ids, answerOf)
  -- The current bucket's marker comes with its records: absent, the bucket is new.
  ids[#ids + 1] = BUCKET_MARKER
  readFields(dedupKey(tag, bucket), ids, answerOf)
  local bucketIsNew = answerOf[BUCKET_MARKER] == nil
  answerOf[BUCKET_MARKER] = nil
  return versionOf, answerOf, bucketIsNew
end

-- One shard's batch. Writes that can be made once for the whole batch are
-- collected and made at the end (fewer commands per message). A later message
-- of the batch for the same actor must see an earlier one's version, hence
-- `versionOf`, read up front and moved on as steps apply; a message id seen
-- twice in the batch is a duplicate the second time, hence `answerOf`.
local function commitBatch(k, tag, i, count)
  local versionOf, answerOf, bucketIsNew = batchLookups(k, tag, i, count)
  local versionPairs, dirtyPairs, statePairs, answerPairs, acked = {}, {}, {}, {}, {}
  local results = {}
  for _ = 1, count do
    local streamId, messageId, address = ARGV[i], ARGV[i + 1], ARGV[i + 2]
    local expected, version, state, dedupValue = ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
    local replyIndex, replyHead = ARGV[i + 7], ARGV[i + 8]
    local outStart = i + 10
    local eventCountAt, eventCount, after = messageLayout(i)
    local logEntry = ARGV[eventCountAt + eventCount + 1]
    local deadEntry = ARGV[eventCountAt + eventCount + 2]
    i = after

    local seen = answerOf[messageId]
    if seen then
      -- A processed entry is acknowledged and deleted, so the inbox holds only work still to do.
      if streamId ~= '' then acked[#acked + 1] = streamId end
      -- A redelivered request gets the answer its first delivery produced (DESIGN §4).
      reply(replyIndex, replyHead, seen)
      results[#results + 1] = 2
      results[#results + 1] = seen
    else
      local current = '0'
      if address ~= '' then current = versionOf[address] or '0' end
      if address ~= '' and current ~= expected then
        results[#results + 1] = 3
        results[#results + 1] = current
      else
        if address ~= '' then
          if jsonMode == '1' then
            writeState(actorKey(tag, address), state, jsonMode)
          else
            statePairs[#statePairs + 1] = actorKey(tag, address)
            statePairs[#statePairs + 1] = state
          end
          versionOf[address] = version
          versionPairs[#versionPairs + 1] = address
          versionPairs[#versionPairs + 1] = version
          dirtyPairs[#dirtyPairs + 1] = version
          dirtyPairs[#dirtyPairs + 1] = address
        end
        for o = outStart, eventCountAt - 1 do
          redis.call('XADD', KEYS[k + 2], '*', 'e', ARGV[o])
        end
        for e = eventCountAt + 1, eventCountAt + eventCount do
          redis.call('XADD', KEYS[k + 3], 'MAXLEN', '~', maxLen, '*', 'e', ARGV[e])
        end
        if logEntry ~= '' then redis.call('XADD', KEYS[k + 4], '*', 'e', logEntry) end
        if deadEntry ~= '' then redis.call('XADD', KEYS[k + 8], 'MAXLEN', '~', maxLen, '*', 'e', deadEntry) end
        reply(replyIndex, replyHead, dedupValue)
        answerOf[messageId] = dedupValue
        answerPairs[#answerPairs + 1] = messageId
        answerPairs[#answerPairs + 1] = dedupValue
        if streamId ~= '' then acked[#acked + 1] = streamId end
        results[#results + 1] = 1
        results[#results + 1] = ''
      end
    end
  end
  -- Plain strings all go in one MSET (a later step of an actor comes later in the list and wins).
  inSlices('MSET', nil, statePairs)
  inSlices('HSET', KEYS[k + 5], versionPairs)
  if #answerPairs > 0 then
    local records = dedupKey(tag, bucket)
    if bucketIsNew then
      answerPairs[#answerPairs + 1] = BUCKET_MARKER
      answerPairs[#answerPairs + 1] = '1'
    end
    inSlices('HSET', records, answerPairs)
    -- Once per bucket, by the batch that creates it (not on every batch: at
    -- moderate rates a batch holds a message or two, and each command costs
    -- Redis more in the call than in the work). Needed until bucket + 2
    -- begins; the expiry is the fallback for a shard that falls silent. A busy
    -- shard drops the bucket before the last one with UNLINK, which frees a big
    -- hash off Redis's main thread (an expiry frees it on it).
    if bucketIsNew then
      redis.call('PEXPIREAT', records, (bucket + 2) * bucketWidth + 60000)
      redis.call('UNLINK', dedupKey(tag, bucket - 2))
    end
  end
  inSlices('ZADD', KEYS[k + 6], dirtyPairs)
  inSlices('XACK', KEYS[k + 1], acked, group)
  inSlices('XDEL', KEYS[k + 1], acked)
  return results
end

local out = {}
local i = 8
for k = 0, replyKeysAt - 8, 8 do
  local tag, epoch, length, count = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  local first = i + 4
  i = first + length
  -- Fencing, per shard: a stale owner's batch is refused whole, the others go on.
  if redis.call('GET', KEYS[k + 7]) ~= epoch then
    out[#out + 1] = -1
  else
    out[#out + 1] = commitBatch(k, tag, first, count)
  end
end
-- A reply stream lives while its requester reads it, and a while after.
for stream in pairs(answered) do redis.call('PEXPIRE', stream, replyTtl) end
return out
