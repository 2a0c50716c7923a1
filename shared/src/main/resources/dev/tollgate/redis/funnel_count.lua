-- Counts one funnel event in the counters of its UTC day, once per id.
-- KEYS[1] = {tg}:f:YYYY-MM-DD       counters hash (kept ARGV[2] seconds)
-- KEYS[2] = {tg}:f:YYYY-MM-DD:seen  ids counted that day (kept ARGV[3] seconds: the retry horizon)
-- KEYS[3] = {tg}:f:YYYY-MM-DD:ttc:LOOP  times-to-convert list (only written when ARGV[4] ~= '')
-- ARGV[1] = id ("l:EVENT", "p:JOB", "c:ACCOUNT@MS"), ARGV[2] = counters TTL s, ARGV[3] = ids TTL s,
-- ARGV[4] = a time to convert (ms) to append to KEYS[3], or ''
-- ARGV[5..] = pairs: counter field, increment
-- Returns 1 if counted now, 0 if the id was counted before (nothing changes).
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then
  return 0
end
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
for i = 5, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
if ARGV[4] ~= '' then
  redis.call('RPUSH', KEYS[3], ARGV[4])
  redis.call('EXPIRE', KEYS[3], tonumber(ARGV[2]))
end
return 1
