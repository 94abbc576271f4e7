--[[
  Applies a batch of leaderboard updates and moves the projection's cursor,
  all or nothing — unless a projection under a newer epoch (of shard 0's
  lease) has written already: then it changes nothing. Updates carry absolute
  values, so a batch applied again (a restart between apply and ack) is harmless.

  KEYS[1] writer epoch, KEYS[2] names hash, KEYS[3] cursor hash
  ARGV[1] epoch
  ARGV[2] board key prefix (the {lb} tag + 'board:'; must match storage/keys.ts)
  ARGV[3] B = number of boards, ARGV[4 .. 3+B] board names
  then P = number of cursor positions, then P pairs: shard, stream entry id
  then U = number of updates, then U records of 3+B fields:
    member, name, hidden ('1' | '0'), one score per board ('' = leave as is)

  Output: 1 applied, -1 fenced (a newer writer exists).
]]
local epoch = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if epoch < current then return -1 end
if epoch > current then redis.call('SET', KEYS[1], ARGV[1]) end

local boardCount = tonumber(ARGV[3])
local boards = {}
for b = 1, boardCount do boards[b] = ARGV[2] .. ARGV[3 + b] end

local i = 4 + boardCount
local positions = tonumber(ARGV[i])
i = i + 1
for _ = 1, positions do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  i = i + 2
end

local updates = tonumber(ARGV[i])
i = i + 1
for _ = 1, updates do
  local member = ARGV[i]
  redis.call('HSET', KEYS[2], member, ARGV[i + 1])
  local hidden = ARGV[i + 2] == '1'
  for b = 1, boardCount do
    local score = ARGV[i + 2 + b]
    if hidden then
      redis.call('ZREM', boards[b], member)
    elseif score ~= '' then
      redis.call('ZADD', boards[b], score, member)
    end
  end
  i = i + 3 + boardCount
end
return 1
