-- Reads what the dispatcher needs about one user, in one round trip (both keys share {u:ID}).
-- KEYS[1] {u:ID}:e (email profile)   KEYS[2] {u:ID}:p (plan state)
-- Returns {email, unsub, conv, plan, until}, each false (nil) when absent.
local e = redis.call('HMGET', KEYS[1], 'email', 'unsub', 'conv')
local p = redis.call('HMGET', KEYS[2], 'plan', 'until')
return {e[1], e[2], e[3], p[1], p[2]}
