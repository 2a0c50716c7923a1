-- Claims up to ARGV[2] due events, hiding each from other claims until its lease ends.
-- KEYS[1] {tg}:ev:due   KEYS[2] {tg}:ev:items
-- ARGV[1] now ms   ARGV[2] max   ARGV[3] lease ms
-- Returns {id1, item1, id2, item2, ...}, oldest due first (ids without an item are dropped).
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
local until_ = tonumber(ARGV[1]) + tonumber(ARGV[3])
for _, id in ipairs(ids) do
  local item = redis.call('HGET', KEYS[2], id)
  if item then
    redis.call('ZADD', KEYS[1], until_, id)
    out[#out + 1] = id
    out[#out + 1] = item
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
