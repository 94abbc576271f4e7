--[[
  Gives a lease back at once (graceful stop) so the next owner need not wait
  for it to expire.

  KEYS[1] epoch, KEYS[2] lease
  ARGV[1] node id, ARGV[2] epoch

  Output: 1 released, 0 it was not ours.
]]
if redis.call('GET', KEYS[2]) == ARGV[1] .. '|' .. ARGV[2] then
  redis.call('DEL', KEYS[2])
  return 1
end
return 0
