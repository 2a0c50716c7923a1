-- Keeps what one Stripe customer gives an account and makes the best entry over all the
-- account's customers its plan (the fields the authorizer reads), atomically: the one place a
-- best plan is chosen. Marks a conversion when that moves the account from not paid to paid.
-- Idempotent: the same call again changes nothing.
-- KEYS[1] = {a:ID}    the account hash: plan, until, ps, pe (contract with the authorizer), status, sub, cust,
--           src ('stripe'), c:<customerId> = JSON array of that customer's entries, one per
--           subscription: {r, plan, until, ps, pe, status, sub}, all strings, r = rank (the ms
--           until which the entry keeps the account paid; 0 = the default plan); a value not
--           starting with '[' is one entry "r|plan|until|ps|pe|status|sub" written before lists.
--           cvp (ms of a conversion not yet counted in the funnel), E:<customerId> = that customer's
--           Stripe entitlements ",a,b," (upper case: no gate's window field, <gate>:x with a gate
--           id of [a-z0-9_.-], can look like one), ent = their union over the account's customers (",a,b,",
--           sorted; absent when none: contract with the decision's feature gates)
-- KEYS[2] = {a:ID}:e  email profile: email (set when absent), conv (ms of the latest conversion)
-- KEYS[3] = {a:ID}:t  timeline (read only, returned for attribution)
-- ARGV[1] = customer id, ARGV[2] = its entries (JSON array; '' = forget the customer),
-- ARGV[3] = default plan name, ARGV[4] = now (epoch ms), ARGV[5] = email ('' = none),
-- ARGV[6] = the customer's entitlements ",a,b," ('' = none; ignored when forgetting the customer)
-- Best = highest r, then lowest customer id, then lowest subscription id. With no entry left,
-- a plan that came from Stripe (src=stripe) is removed: the account is on the default plan.
-- Returns {wasPaid (0/1), isPaid (0/1), cvp ('' if none), HGETALL of the timeline, plan ('' if none), until ('' if none)}.
local now = tonumber(ARGV[4])
-- paid: a plan other than the default, in force now (the rule is PlanRule's, inlined at load)
local function paid(plan, untilMs)
  if plan == ARGV[3] then return false end
  local u = tonumber(untilMs)
  return --[[PLAN_IN_FORCE(plan, u)]] and true or false
end
local function entries(value)
  if string.sub(value, 1, 1) == '[' then return cjson.decode(value) end
  local p = {}
  for part in string.gmatch(value .. '|', '([^|]*)|') do p[#p + 1] = part end
  return {{r = p[1], plan = p[2], ['until'] = p[3], ps = p[4], pe = p[5], status = p[6], sub = p[7]}}
end

local cur = redis.call('HMGET', KEYS[1], 'plan', 'until')
local was = paid(cur[1], cur[2])
local ent = ARGV[6] or ''
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], 'c:' .. ARGV[1], 'E:' .. ARGV[1])
else
  redis.call('HSET', KEYS[1], 'c:' .. ARGV[1], ARGV[2])
  if ent == '' then
    redis.call('HDEL', KEYS[1], 'E:' .. ARGV[1])
  else
    redis.call('HSET', KEYS[1], 'E:' .. ARGV[1], ent)
  end
  redis.call('PERSIST', KEYS[1])
end
if ARGV[5] ~= '' then
  redis.call('HSETNX', KEYS[2], 'email', ARGV[5])
end

local all = redis.call('HGETALL', KEYS[1])
local best, bestRank, bestCus, bestSub
local features, union = {}, {}
for i = 1, #all, 2 do
  if string.sub(all[i], 1, 2) == 'E:' then
    for key in string.gmatch(all[i + 1], '[^,]+') do
      if not features[key] then
        features[key] = true
        union[#union + 1] = key
      end
    end
  elseif string.sub(all[i], 1, 2) == 'c:' and (string.sub(all[i + 1], 1, 1) == '[' or string.find(all[i + 1], '|', 1, true)) then
    -- a customer's entries (a JSON list, or one "r|plan|..." from before lists); a gate named
    -- 'c' keeps its window in c:s, c:n, ... (plain numbers), which are no customer's
    local cus = string.sub(all[i], 3)
    for _, e in ipairs(entries(all[i + 1])) do
      local r, sub = tonumber(e.r), e.sub or ''
      if best == nil or r > bestRank or (r == bestRank and (cus < bestCus or (cus == bestCus and sub < bestSub))) then
        best, bestRank, bestCus, bestSub = e, r, cus, sub
      end
    end
  end
end
local names = {'plan', 'until', 'ps', 'pe', 'status', 'sub'}
if best then
  for _, name in ipairs(names) do
    local v = best[name]
    if v == nil or v == '' then
      redis.call('HDEL', KEYS[1], name)
    else
      redis.call('HSET', KEYS[1], name, v)
    end
  end
  redis.call('HSET', KEYS[1], 'cust', bestCus, 'src', 'stripe')
  -- the account hash also holds usage windows, which expire it; plan state must not expire
  redis.call('PERSIST', KEYS[1])
elseif redis.call('HGET', KEYS[1], 'src') == 'stripe' then
  redis.call('HDEL', KEYS[1], 'plan', 'until', 'ps', 'pe', 'status', 'sub', 'cust', 'src')
end

if #union > 0 then
  table.sort(union)
  redis.call('HSET', KEYS[1], 'ent', ',' .. table.concat(union, ',') .. ',')
else
  redis.call('HDEL', KEYS[1], 'ent')
end

local after = redis.call('HMGET', KEYS[1], 'plan', 'until')
local is = paid(after[1], after[2])
if is and not was then
  redis.call('HSET', KEYS[2], 'conv', ARGV[4])
  redis.call('HSET', KEYS[1], 'cvp', ARGV[4])
end
local cvp = redis.call('HGET', KEYS[1], 'cvp') or ''
return {was and 1 or 0, is and 1 or 0, cvp, redis.call('HGETALL', KEYS[3]), after[1] or '', after[2] or ''}
