-- Counts one conversion in the funnel of its UTC day.
-- KEYS[1] = {tg}:f:YYYY-MM-DD          funnel counters hash
-- KEYS[2] = {tg}:f:YYYY-MM-DD:ttc:LOOP list of times-to-convert (ms) of LOOP that day
--           (unused when ARGV[1] is '')
-- ARGV[1] = loop ('' = paid without a limit hit), ARGV[2] = time to convert (ms),
-- ARGV[3] = last email step ('' = none sent), ARGV[4] = TTL seconds of both keys
-- Returns 1.
if ARGV[1] == '' then
  redis.call('HINCRBY', KEYS[1], 'paidWithoutLimit', 1)
else
  redis.call('HINCRBY', KEYS[1], ARGV[1] .. ':conversions', 1)
  redis.call('HINCRBY', KEYS[1], ARGV[1] .. ':convertMsSum', ARGV[2])
  if ARGV[3] == '' then
    redis.call('HINCRBY', KEYS[1], ARGV[1] .. ':conversionsWithoutEmail', 1)
  else
    redis.call('HINCRBY', KEYS[1], ARGV[1] .. ':conversionsAtStep:' .. ARGV[3], 1)
  end
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
