-- Finishes email jobs (sent or dropped): they leave the due/lease sets and the payload hash and
-- are remembered as done, and are no longer in flight. Idempotent: a job finished before is
-- left alone. (Sent jobs are counted in the funnel by the Funnel port, before this runs.)
-- KEYS[1] {tg}:q:due   KEYS[2] {tg}:q:lease   KEYS[3] {tg}:q:items   KEYS[4] {tg}:q:done
-- KEYS[5] {tg}:q:inflight
-- ARGV[1] now ms   ARGV[2..] job ids
-- Returns an array of 1 (finished now) / 0 (already finished or unknown), one per job.
local out = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  local known = redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[5], id)
  if known == 1 then
    redis.call('ZADD', KEYS[4], tonumber(ARGV[1]), id)
  end
  out[#out + 1] = known
end
return out
