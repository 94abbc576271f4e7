--[[
  Records that a node is alive, at the Redis server's time, and drops nodes
  whose last heartbeat is older than the membership TTL.

  KEYS[1] members sorted set (node id → last heartbeat, ms)
  ARGV[1] node id ('' = only read), ARGV[2] membership TTL, ms

  Output: flat list of live node id, last heartbeat (ms), ... and, last, the
  server time in ms.
]]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if ARGV[1] ~= '' then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
local live = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
live[#live + 1] = tostring(now)
return live
