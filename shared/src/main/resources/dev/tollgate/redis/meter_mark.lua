-- Indexes an account for meter reporting: added due now unless already indexed (a run's lease or
-- a retry's time is kept), with a fresh version from a global sequence, so a run holding it (or
-- one that held it before it was removed and indexed again) does not remove it.
-- KEYS[1] {tg}:meters (zset account -> due ms)   KEYS[2] {tg}:meters:v (hash account -> version)
-- KEYS[3] {tg}:meters:seq (the version sequence)
-- ARGV[1] account id   ARGV[2] now ms
-- Returns the new version.
redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
local v = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], ARGV[1], v)
return v
