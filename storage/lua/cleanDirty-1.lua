--[[
  Marks actors clean once PostgreSQL holds the version that was flushed; an
  actor written again since stays dirty for the next flush.

  KEYS[1] dirty sorted set
  ARGV    address, flushed version, address, flushed version, ...

  Output: number of actors marked clean.
]]
local cleaned = 0
for i = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) <= tonumber(ARGV[i + 1]) then
    redis.call('ZREM', KEYS[1], ARGV[i])
    cleaned = cleaned + 1
  end
end
return cleaned
