-- Claims journaled batches to replay: entries whose replay time (score) has come get a new one
-- (a lease), so two overlapping runs do not replay the same entry at once. An entry none of whose
-- jobs is still in flight under its key (settled before a crash kept the run from deleting it) is
-- deleted and not returned, so it is never sent again.
-- KEYS[1] {tg}:q:sending   KEYS[2] {tg}:q:sendingAt   KEYS[3] {tg}:q:inflight
-- ARGV[1] now ms   ARGV[2] lease end ms   ARGV[3] max entries to look at
-- Returns a flat array: key1, payload1, key2, payload2, ...
local keys = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[1]), 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, key in ipairs(keys) do
  local payload = redis.call('HGET', KEYS[1], key)
  local live = false
  if payload then
    for _, id in ipairs(cjson.decode(payload).ids) do
      if redis.call('HGET', KEYS[3], id) == key then
        live = true
        break
      end
    end
  end
  if live then
    redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), key)
    out[#out + 1] = key
    out[#out + 1] = payload
  else
    redis.call('HDEL', KEYS[1], key)
    redis.call('ZREM', KEYS[2], key)
  end
end
return out
