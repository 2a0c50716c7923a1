-- Reads what the dispatcher needs about one user, in one round trip (both keys share the
-- tag of the user's personal account).
-- KEYS[1] {a:ID}:e (email profile)   KEYS[2] {a:ID} (account hash: plan state)
-- Returns {email, unsub, conv, plan, until}, each false (nil) when absent.
local e = redis.call('HMGET', KEYS[1], 'email', 'unsub', 'conv')
local p = redis.call('HMGET', KEYS[2], 'plan', 'until')
return {e[1], e[2], e[3], p[1], p[2]}
