--[[
  Renews the cluster's live mark for a while longer, or keeps it for good, if
  the calling node set it: the node that found the mark missing holds it as a
  claim, which lapses (and so is taken up again by another node) if that node
  dies before the recovery it leads is done.

  KEYS[1] the mark, "<node id> <epoch ms>"
  ARGV[1] node id, ARGV[2] hold in ms (0 = keep it for good)

  Output: 1 when the mark is this node's, 0 otherwise (missing, or another's).
]]
local mark = redis.call('GET', KEYS[1])
local owner = ARGV[1] .. ' '
if not mark or string.sub(mark, 1, #owner) ~= owner then
  return 0
end
if tonumber(ARGV[2]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
else
  redis.call('PERSIST', KEYS[1])
end
return 1
