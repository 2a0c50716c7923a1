-- Counts one refused email claim (a token whose email is not exactly one address) in the
-- funnel of its UTC day, beside the loops' counters.
-- KEYS[1] = {tg}:f:YYYY-MM-DD   funnel counters hash
-- ARGV[1] = TTL seconds of the hash
-- Returns the day's count.
local n = redis.call('HINCRBY', KEYS[1], 'emailClaimsRefused', 1)
redis.call('EXPIRE', KEYS[1], ARGV[1])
return n
