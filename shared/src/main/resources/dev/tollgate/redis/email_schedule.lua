-- Schedules the jobs of an email sequence whose ids are not known yet. All keys share {tg}.
-- KEYS[1] {tg}:q:due    KEYS[2] {tg}:q:items    KEYS[3] {tg}:q:done
-- ARGV[1] now ms   ARGV[2] how long finished ids are kept (ms)
-- ARGV[3..] triples: job id, due ms, payload
-- Returns the number of jobs newly scheduled (ids already pending, dead or finished are skipped).
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[2]))
local added = 0
for i = 3, #ARGV, 3 do
  local id = ARGV[i]
  if redis.call('ZSCORE', KEYS[3], id) == false and redis.call('HSETNX', KEYS[2], id, ARGV[i + 2]) == 1 then
    redis.call('ZADD', KEYS[1], tonumber(ARGV[i + 1]), id)
    added = added + 1
  end
end
return added
