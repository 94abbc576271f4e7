--[[
  Puts an actor's state loaded from PostgreSQL back into Redis, unless Redis
  already holds a version of it (a newer write always wins).

  KEYS[1] versions hash
  ARGV[1] shard key tag, ARGV[2] address, ARGV[3] version, ARGV[4] state JSON,
  ARGV[5] '1' when state is written with RedisJSON

  Output: 1 when written, 0 when Redis already had the actor.
]]
--- @include "keys"
--- @include "writeState"

if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then
  return 0
end
writeState(actorKey(ARGV[1], ARGV[2]), ARGV[4], ARGV[5])
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
return 1
