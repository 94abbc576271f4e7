--[[
  Extends a lease this node holds at this epoch.

  KEYS[1] epoch, KEYS[2] lease
  ARGV[1] node id, ARGV[2] epoch, ARGV[3] lease TTL, ms

  Output: 1 renewed; -1 fenced (the lease or epoch is no longer ours).
]]
if redis.call('GET', KEYS[1]) ~= ARGV[2] or redis.call('GET', KEYS[2]) ~= ARGV[1] .. '|' .. ARGV[2] then
  return -1
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
