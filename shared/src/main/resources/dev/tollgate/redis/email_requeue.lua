-- Moves email jobs on after a failed or unfinished attempt.
-- A moved job is no longer in flight (its send-journal entry, if any, no longer covers it).
-- KEYS[1] {tg}:q:due   KEYS[2] {tg}:q:lease   KEYS[3] {tg}:q:items   KEYS[4] {tg}:q:dead
-- KEYS[5] {tg}:q:inflight
-- ARGV[1] mode: "retry" (due again at score, payload replaced), "dead" (to the dead set, scored
--         by score, payload replaced) or "release" (due again at score, payload unchanged; only
--         a job still leased under the given lease token, so never one in flight, nor one another
--         run claimed after this run's lease ran out)
-- ARGV[2..] triples: job id, score ms, payload ("retry", "dead") or lease token ms ("release")
-- A job that is no longer known (finished meanwhile by another run) is left alone.
-- Returns the number of jobs moved.
local moved = 0
for i = 2, #ARGV, 3 do
  local id = ARGV[i]
  local mine = redis.call('HEXISTS', KEYS[3], id) == 1
  if mine and ARGV[1] == 'release' then
    local score = redis.call('ZSCORE', KEYS[2], id)
    mine = score and tonumber(score) == tonumber(ARGV[i + 2])
  end
  if mine then
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[5], id)
    if ARGV[1] == 'release' then
      redis.call('ZADD', KEYS[1], tonumber(ARGV[i + 1]), id)
    else
      redis.call('HSET', KEYS[3], id, ARGV[i + 2])
      if ARGV[1] == 'dead' then
        redis.call('ZREM', KEYS[1], id)
        redis.call('ZADD', KEYS[4], tonumber(ARGV[i + 1]), id)
      else
        redis.call('ZADD', KEYS[1], tonumber(ARGV[i + 1]), id)
      end
    end
    moved = moved + 1
  end
end
return moved
