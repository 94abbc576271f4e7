--[[
  Takes a shard's lease when it is free (or already ours) and moves its epoch
  on, so every write of a previous owner is refused from now on. Time is the
  Redis server's (PX), never the caller's clock.

  KEYS[1] epoch, KEYS[2] lease
  ARGV[1] node id, ARGV[2] lease TTL, ms

  Output: the new epoch (ms-based, see below), or 0 when another node holds the lease.
]]
local holder = redis.call('GET', KEYS[2])
if holder and string.sub(holder, 1, #ARGV[1] + 1) ~= ARGV[1] .. '|' then
  return 0
end
-- Epochs are server-time milliseconds (or one more than the last, if larger):
-- they grow on every claim and keep growing when Redis has lost its data, so a
-- node that held a lease before the loss can never match a new epoch.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local epoch = math.max(tonumber(redis.call('GET', KEYS[1]) or '0') + 1, now)
redis.call('SET', KEYS[1], string.format('%d', epoch))
redis.call('SET', KEYS[2], ARGV[1] .. '|' .. epoch, 'PX', ARGV[2])
return epoch
