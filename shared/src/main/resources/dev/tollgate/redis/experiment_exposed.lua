-- Records an account's first exposure to an experiment and counts it for its arm, once.
-- KEYS[1] {tg}:x:EXP counters (ARM:exposed)   KEYS[2] {tg}:x:EXP:acc account -> "ARM|ms"
-- ARGV[1] account   ARGV[2] arm   ARGV[3] exposure ms
-- Returns {1 if recorded now else 0, the recorded "ARM|ms"}.
local known = redis.call('HGET', KEYS[2], ARGV[1])
if known then return {0, known} end
local value = ARGV[2] .. '|' .. ARGV[3]
redis.call('HSET', KEYS[2], ARGV[1], value)
redis.call('HINCRBY', KEYS[1], ARGV[2] .. ':exposed', 1)
return {1, value}
