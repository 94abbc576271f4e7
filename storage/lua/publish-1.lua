--[[
  Appends entries to streams (replies, notifications, telemetry): several
  streams in one call on a Redis that is not a cluster (storage/tick-batcher.ts).

  KEYS: one stream per group of ARGV below.
  ARGV, per stream: approximate max length, TTL in ms (0 = leave the expiry
  alone), number of entries, the entries (field 'e').

  Output: the number of entries appended.
]]
local i, appended = 1, 0
for k = 1, #KEYS do
  local maxLen, ttl, count = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  for e = i + 3, i + 2 + count do
    redis.call('XADD', KEYS[k], 'MAXLEN', '~', maxLen, '*', 'e', ARGV[e])
  end
  if ttl > 0 then redis.call('PEXPIRE', KEYS[k], ttl) end
  appended = appended + count
  i = i + 3 + count
end
return appended
