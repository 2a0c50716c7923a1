-- Records a limit crossing in the funnel and schedules its email sequence, atomically.
-- One call per crossing (the authorizer's one extra command). All keys share {tg}.
-- KEYS[1] {tg}:q:due    KEYS[2] {tg}:q:items    KEYS[3] {tg}:q:done    KEYS[4] {tg}:f:YYYY-MM-DD
-- ARGV[1] funnel field to increment (e.g. "features:limitReached"; "" = count nothing)
-- ARGV[2] funnel TTL seconds   ARGV[3] now ms   ARGV[4] how long finished ids are kept (ms)
-- ARGV[5..] triples: job id, due ms, payload
-- Returns the number of jobs newly scheduled (ids already pending, dead or finished are skipped).
if ARGV[1] ~= '' then
  redis.call('HINCRBY', KEYS[4], ARGV[1], 1)
  redis.call('EXPIRE', KEYS[4], tonumber(ARGV[2]))
end
local now = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[4]))
local added = 0
for i = 5, #ARGV, 3 do
  local id = ARGV[i]
  if redis.call('ZSCORE', KEYS[3], id) == false and redis.call('HSETNX', KEYS[2], id, ARGV[i + 2]) == 1 then
    redis.call('ZADD', KEYS[1], tonumber(ARGV[i + 1]), id)
    added = added + 1
  end
end
return added
