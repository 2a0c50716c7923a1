-- Records the share of a limit an account reached on a day, kept only while it is the highest of its
-- account, gate and window that day; keeps the ARGV[4] highest members and expires with the day.
-- KEYS[1] {tg}:nl:DAY zset member -> permille   KEYS[2] {tg}:nl:DAY:d hash member -> share
-- ARGV[1] member (ACCOUNT \t GATE \t WINDOW_START_MS)   ARGV[2] permille   ARGV[3] the share (LimitActivityCodec)
-- ARGV[4] how many members to keep   ARGV[5] TTL seconds of both keys
-- Returns 1 if recorded now, 0 if an equal or higher share was already there (or it is below every kept one).
local had = redis.call('ZSCORE', KEYS[1], ARGV[1])
if had and tonumber(had) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over > 0 then
  local low = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
  redis.call('HDEL', KEYS[2], unpack(low))
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[5]))
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
return 0
