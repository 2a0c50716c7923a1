-- Deletes a send-journal entry whose jobs are settled. Idempotent.
-- KEYS[1] {tg}:q:sending   KEYS[2] {tg}:q:sendingAt
-- ARGV[1] batch key
-- Returns 1 if an entry was deleted, else 0.
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('HDEL', KEYS[1], ARGV[1])
