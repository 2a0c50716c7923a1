-- Takes the accounts due for meter reporting, leasing them to one run.
-- KEYS[1] {tg}:meters (zset account -> due ms)   KEYS[2] {tg}:meters:v (hash account -> version)
-- ARGV[1] now ms (due at or before)   ARGV[2] lease end ms   ARGV[3] max accounts
-- Returns {account1, version1, account2, version2, ...} (version 0 = never marked).
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, a in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], a)
  out[#out + 1] = a
  out[#out + 1] = redis.call('HGET', KEYS[2], a) or '0'
end
return out
