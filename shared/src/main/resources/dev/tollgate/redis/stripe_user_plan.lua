-- Writes the plan one Stripe customer gives a user and makes the best of all the user's
-- customers' plans the user's plan (the fields the authorizer reads), atomically; marks a
-- conversion when that moves the user from not paid to paid.
-- KEYS[1] = {a:ID}    the account hash: plan, until, ps, pe (contract with the authorizer), status, sub, cust,
--           src ('stripe'), c:<customerId> = "rank|plan|until|ps|pe|status|sub" per customer,
--           cvp (ms of a conversion not yet counted in the funnel)
-- KEYS[2] = {a:ID}:e  email profile: conv (ms of the conversion; the dispatcher stops)
-- KEYS[3] = {a:ID}:t  timeline (read only, returned for attribution)
-- ARGV[1] = customer id, ARGV[2] = entry "rank|plan|until|ps|pe|status|sub" ('' = absent),
-- ARGV[3] = default plan name, ARGV[4] = now (epoch ms)
-- Returns {wasPaid (0/1), isPaid (0/1), cvp ('' if none), HGETALL of the timeline}.
local now = tonumber(ARGV[4])
local function paid(plan, untilMs)
  if not plan or plan == ARGV[3] then return false end
  if untilMs and untilMs ~= '' and tonumber(untilMs) <= now then return false end
  return true
end
local cur = redis.call('HMGET', KEYS[1], 'plan', 'until')
local was = paid(cur[1], cur[2])
redis.call('HSET', KEYS[1], 'c:' .. ARGV[1], ARGV[2])
local all = redis.call('HGETALL', KEYS[1])
local best, bestRank, bestField
for i = 1, #all, 2 do
  local f = all[i]
  if string.sub(f, 1, 2) == 'c:' then
    local r = tonumber(string.match(all[i + 1], '^([^|]*)'))
    if best == nil or r > bestRank or (r == bestRank and f < bestField) then
      best, bestRank, bestField = all[i + 1], r, f
    end
  end
end
local p = {}
for part in string.gmatch(best .. '|', '([^|]*)|') do p[#p + 1] = part end
local names = {'plan', 'until', 'ps', 'pe', 'status', 'sub'}
for i, name in ipairs(names) do
  if p[i + 1] == '' then
    redis.call('HDEL', KEYS[1], name)
  else
    redis.call('HSET', KEYS[1], name, p[i + 1])
  end
end
redis.call('HSET', KEYS[1], 'cust', string.sub(bestField, 3), 'src', 'stripe')
-- the account hash also holds usage windows, which expire it; plan state must not expire
redis.call('PERSIST', KEYS[1])
local is = paid(p[2], p[3])
if is and not was then
  redis.call('HSET', KEYS[2], 'conv', ARGV[4])
  redis.call('HSET', KEYS[1], 'cvp', ARGV[4])
end
local cvp = redis.call('HGET', KEYS[1], 'cvp') or ''
return {was and 1 or 0, is and 1 or 0, cvp, redis.call('HGETALL', KEYS[3])}
