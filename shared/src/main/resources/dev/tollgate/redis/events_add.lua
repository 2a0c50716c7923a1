-- Adds one event to the events outbox unless its id is waiting, dead or was sent (idempotent per id).
-- KEYS[1] {tg}:ev:due   KEYS[2] {tg}:ev:items   KEYS[3] {tg}:ev:sent
-- ARGV[1] event id   ARGV[2] item "TYPE\tTIME_MS\t0\t\tDETAIL"   ARGV[3] due ms   ARGV[4] now ms
-- ARGV[5] how long sent ids are remembered (ms)
-- Returns 1 if added now, 0 if the id was known.
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', tonumber(ARGV[4]) - tonumber(ARGV[5]))
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 or redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[1])
return 1
