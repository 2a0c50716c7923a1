-- Removes an account from the pending index only if it is still indexed for the pending
-- marker the caller drained: a newer marker (work added since) keeps it indexed.
-- KEYS[1] {tg}:pending zset (account -> pending since ms)
-- ARGV[1] account id   ARGV[2] the pending-since ms that was drained
-- Returns 1 if removed, else 0.
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if s and tonumber(s) == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
