-- Clears an account's pending conversion once the funnel counted it, unless a newer one
-- replaced it meanwhile (compare and delete).
-- KEYS[1] = {u:ID}:p   ARGV[1] = the counted conversion's ms (the cvp value it was read as)
-- Returns 1 if cleared, 0 if cvp holds another (or no) value.
if redis.call('HGET', KEYS[1], 'cvp') == ARGV[1] then
  return redis.call('HDEL', KEYS[1], 'cvp')
end
return 0
