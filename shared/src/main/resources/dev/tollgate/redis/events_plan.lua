-- Adds a plan.changed event when an account's plan differs from the one last announced, with
-- that plan as the detail's "from", and makes the new plan the last announced: one atomic step,
-- so concurrent or repeated observations never announce one change twice.
-- KEYS[1] {tg}:ev:due   KEYS[2] {tg}:ev:items   KEYS[3] {tg}:ev:sent   KEYS[4] {tg}:ev:plans
-- ARGV[1] event id   ARGV[2] item prefix "TYPE\tTIME_MS\t0\t\t"   ARGV[3] detail JSON object
-- without "from" (non-empty)   ARGV[4] due ms   ARGV[5] now ms   ARGV[6] sent memory ms
-- ARGV[7] account   ARGV[8] plan now   ARGV[9] "from" when none was announced ('' = unknown: null)
-- Returns 1 if an event was added, 0 if the plan is the one announced (or the id was known).
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', tonumber(ARGV[5]) - tonumber(ARGV[6]))
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 or redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
local from = redis.call('HGET', KEYS[4], ARGV[7])
if not from and ARGV[9] ~= '' then from = ARGV[9] end
redis.call('HSET', KEYS[4], ARGV[7], ARGV[8])
if from == ARGV[8] then return 0 end
local fromJson = from and cjson.encode(from) or 'null'
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '{"from":' .. fromJson .. ',' .. string.sub(ARGV[3], 2))
redis.call('ZADD', KEYS[1], tonumber(ARGV[4]), ARGV[1])
return 1
