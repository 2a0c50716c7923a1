-- Settles claimed events. ARGV[1] = 'sent': ARGV[3..] ids are put: removed, remembered as sent
-- at ARGV[2]. 'retry': ARGV[3] id gets item ARGV[4] and is due again at ARGV[2]. 'dead': ARGV[3]
-- id gets item ARGV[4] and moves to the dead-letter set at ARGV[2]. An id no longer waiting
-- (settled by another run) is left alone.
-- KEYS[1] {tg}:ev:due   KEYS[2] {tg}:ev:items   KEYS[3] {tg}:ev:sent   KEYS[4] {tg}:ev:dead
-- Returns the number of ids settled.
local mode, at = ARGV[1], tonumber(ARGV[2])
if mode == 'sent' then
  local n = 0
  for i = 3, #ARGV do
    if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then n = n + 1 end
    redis.call('HDEL', KEYS[2], ARGV[i])
    redis.call('ZADD', KEYS[3], at, ARGV[i])
  end
  return n
end
if not redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
if mode == 'retry' then
  redis.call('ZADD', KEYS[1], at, ARGV[3])
else
  redis.call('ZREM', KEYS[1], ARGV[3])
  redis.call('ZADD', KEYS[4], at, ARGV[3])
end
return 1
