-- Removes the handled events from an account's outbox; clears the account's pending marker
-- when nothing is left. One account slot.
-- KEYS[1] {a:ID} account hash (field px = pending since ms)   KEYS[2] {a:ID}:o outbox list
-- ARGV[1] number of events handled (from the head)
-- Returns the pending-since ms still set (0 = none: the account is done).
local n = tonumber(ARGV[1])
if n > 0 then redis.call('LTRIM', KEYS[2], n, -1) end
if redis.call('LLEN', KEYS[2]) == 0 then
  redis.call('HDEL', KEYS[1], 'px')
  return 0
end
return tonumber(redis.call('HGET', KEYS[1], 'px')) or 0
