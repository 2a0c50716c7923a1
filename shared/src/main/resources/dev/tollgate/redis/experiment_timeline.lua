-- Copies an account's exposure into its timeline for the conversion path, keeping the first.
-- A timeline written only here gets the attribution window as its TTL (the decision sets the
-- TTL of timelines it writes).
-- KEYS[1] {a:ID}:t   ARGV[1] field x:EXP   ARGV[2] "ARM|ms"   ARGV[3] TTL ms
-- Returns 1 if written now, 0 if the field was there.
local n = redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3])) end
return n
