-- Ends a run's lease of an account: removes it from the index (nothing left to report) or makes
-- it due at a time; if a follow-up indexed it since the run took it (its version moved), it stays,
-- due at that time or now.
-- KEYS[1] {tg}:meters (zset account -> due ms)   KEYS[2] {tg}:meters:v (hash account -> version)
-- ARGV[1] account id   ARGV[2] version at the claim   ARGV[3] next due ms (0 = remove)   ARGV[4] now ms
-- Returns 1 when the account was removed, else 0.
local v = redis.call('HGET', KEYS[2], ARGV[1]) or '0'
local nxt = tonumber(ARGV[3])
if v == ARGV[2] then
  if nxt == 0 then
    redis.call('ZREM', KEYS[1], ARGV[1])
    redis.call('HDEL', KEYS[2], ARGV[1])
    return 1
  end
  redis.call('ZADD', KEYS[1], nxt, ARGV[1])
  return 0
end
redis.call('ZADD', KEYS[1], nxt == 0 and ARGV[4] or nxt, ARGV[1])
return 0
