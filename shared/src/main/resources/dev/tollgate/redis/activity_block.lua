-- Records a block in the capped list of latest blocks, once per crossing id; keeps the newest ARGV[4].
-- KEYS[1] {tg}:lb zset of ids by ms   KEYS[2] {tg}:lb:d hash id -> block
-- ARGV[1] crossing id   ARGV[2] the block's ms   ARGV[3] the block (LimitActivityCodec)   ARGV[4] how many to keep
-- Returns 1 if the block is now kept, 0 if it was already there or is older than every kept one.
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over > 0 then
  local old = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
  redis.call('HDEL', KEYS[2], unpack(old))
end
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 1 end
return 0
