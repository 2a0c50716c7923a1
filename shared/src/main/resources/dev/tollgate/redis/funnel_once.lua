-- Counts one funnel event once: a retried follow-up (same id) counts nothing.
-- KEYS[1] {tg}:f:YYYY-MM-DD funnel counters   KEYS[2] {tg}:f:YYYY-MM-DD:ids ids counted that day
-- ARGV[1] field to increment   ARGV[2] event id   ARGV[3] TTL seconds of both keys
-- Returns 1 if counted now, 0 if it had been.
if redis.call('SADD', KEYS[2], ARGV[2]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
return 1
