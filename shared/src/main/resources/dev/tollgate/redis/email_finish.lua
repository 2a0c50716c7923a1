-- Finishes email jobs (sent or dropped): they leave the due/lease sets and the payload hash and
-- are remembered as done, and are no longer in flight; a sent job counts once in the day's
-- funnel as LOOP:promptsSent. Idempotent: a job finished before is left alone and not counted.
-- KEYS[1] {tg}:q:due   KEYS[2] {tg}:q:lease   KEYS[3] {tg}:q:items   KEYS[4] {tg}:q:done
-- KEYS[5] {tg}:f:YYYY-MM-DD   KEYS[6] {tg}:q:inflight
-- ARGV[1] now ms   ARGV[2] funnel TTL seconds   ARGV[3..] pairs: job id, loop ("" = don't count)
-- Returns an array of 1 (finished now) / 0 (already finished or unknown), one per job.
local out = {}
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  local known = redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[6], id)
  if known == 1 then
    redis.call('ZADD', KEYS[4], tonumber(ARGV[1]), id)
    if ARGV[i + 1] ~= '' then
      redis.call('HINCRBY', KEYS[5], ARGV[i + 1] .. ':promptsSent', 1)
      redis.call('EXPIRE', KEYS[5], tonumber(ARGV[2]))
    end
  end
  out[#out + 1] = known
end
return out
