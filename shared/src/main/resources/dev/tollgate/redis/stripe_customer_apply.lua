-- Applies one Stripe change to a customer's kept state, atomically, and returns the state.
-- KEYS[1] = {c:<customerId>}  hash: u (linked user), s:<sub> / so:<sub> (subscription
--           snapshot JSON / its order key), i:<sub> / io:<sub> (latest invoice outcome / order key)
-- ARGV[1] = 'sub' | 'inv' | 'link'
--   sub, inv: ARGV[2] = subscription id, ARGV[3] = order key (compared as a string; a lower
--             key than the kept one is stale), ARGV[4] = snapshot JSON,
--             ARGV[5] = user id from metadata.userId ('' if none; links only an unlinked customer)
--   link:     ARGV[2] = user id (replaces any earlier link)
-- Returns {status, HGETALL after the change} with status 'applied' or 'stale'.
local status = 'applied'
if ARGV[1] == 'link' then
  redis.call('HSET', KEYS[1], 'u', ARGV[2])
else
  local prefix = ARGV[1] == 'sub' and 's' or 'i'
  local kept = redis.call('HGET', KEYS[1], prefix .. 'o:' .. ARGV[2])
  if kept and kept > ARGV[3] then
    status = 'stale'
  else
    redis.call('HSET', KEYS[1], prefix .. 'o:' .. ARGV[2], ARGV[3], prefix .. ':' .. ARGV[2], ARGV[4])
  end
  if ARGV[5] ~= '' then
    redis.call('HSETNX', KEYS[1], 'u', ARGV[5])
  end
end
return {status, redis.call('HGETALL', KEYS[1])}
