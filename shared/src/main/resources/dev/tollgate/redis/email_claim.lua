-- Claims due email jobs for one dispatcher run: jobs whose lease ran out are due again first,
-- then up to ARGV[3] jobs due at ARGV[1] move from the due set to the lease set, atomically, so
-- two runs never get the same job while a lease holds.
-- KEYS[1] {tg}:q:due    KEYS[2] {tg}:q:lease    KEYS[3] {tg}:q:items
-- ARGV[1] now ms   ARGV[2] lease end ms   ARGV[3] max jobs
-- Returns a flat array: id1, payload1, id2, payload2, ...
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1000)
for i = 1, #expired, 2 do
  redis.call('ZREM', KEYS[2], expired[i])
  redis.call('ZADD', KEYS[1], tonumber(expired[i + 1]), expired[i])
end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local payload = redis.call('HGET', KEYS[3], id)
  if payload then
    redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), id)
    out[#out + 1] = id
    out[#out + 1] = payload
  end
end
return out
