-- Counts an exposed account's conversion for its arm, once per experiment and account.
-- KEYS[1] {tg}:x:EXP counters (ARM:conversions)   KEYS[2] {tg}:x:EXP:conv accounts counted
-- ARGV[1] account   ARGV[2] arm
-- Returns 1 if counted now, 0 if it had been.
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2] .. ':conversions', 1)
return 1
