-- Records in the user's timeline the last email step that reached the provider for a loop,
-- never lowering it; gives the timeline the attribution TTL if it has none.
-- KEYS[1] {u:ID}:t
-- ARGV[1] field (pr:LOOP)   ARGV[2] step index   ARGV[3] TTL ms for a timeline without one
-- Returns the step now recorded.
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
local step = tonumber(ARGV[2])
if step > cur then
  redis.call('HSET', KEYS[1], ARGV[1], step)
  cur = step
end
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
end
return cur
