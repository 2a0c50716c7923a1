-- decide.lua — check and count one call of one user against every matched gate, atomically.
-- The same algorithm as dev.tollgate.usage.UsageRules (the contract test holds them together).
--
-- KEYS[1]      {u:ID}:p        plan hash: plan, until (ms), ps, pe (billing period ms)
-- KEYS[2]      {u:ID}:t        timeline hash: h:<loop> = ms of the first denial in the window
-- KEYS[3..]    {u:ID}:w:<gate> window hash per gate: s (start ms), n (count), d (denial recorded), w (warned)
--
-- ARGV[1] now (ms)    ARGV[2] timeline TTL (ms)    ARGV[3] default plan index (1-based)
-- ARGV[4] consume: 1 = check and count, 0 = only report
-- ARGV[5] P = number of plans, ARGV[6 .. 5+P] plan names
-- then for gate g = 1..G (G = #KEYS - 2), at b = 6 + P + (g-1) * (6 + P):
--   ARGV[b]   loop name          ARGV[b+1] kind: f (fixed) | c (calendar month) | b (billing)
--   ARGV[b+2] length ms (f)      ARGV[b+3] month start ms   ARGV[b+4] month end ms (c, and b's fallback)
--   ARGV[b+5] warn share in thousandths (0 = none)          ARGV[b+6 .. b+5+P] limit per plan (-1 = unlimited)
--
-- Returns { allowed (1|0), plan index (1-based),
--           then per gate: used, limit, window start ms, window end ms, flags }
--   flags: 1 = this gate allowed, 2 = first denial in this window, 4 = warning share first passed
local now = tonumber(ARGV[1])
local consume = ARGV[4] == '1'
local P = tonumber(ARGV[5])
local planIdx = tonumber(ARGV[3])
local pf = redis.call('HMGET', KEYS[1], 'plan', 'until', 'ps', 'pe')
if pf[1] then
  local untilMs = tonumber(pf[2])
  if not untilMs or untilMs <= 0 or now < untilMs then
    for i = 1, P do
      if ARGV[5 + i] == pf[1] then planIdx = i break end
    end
  end
end
local ps, pe = tonumber(pf[3]), tonumber(pf[4])

local G = #KEYS - 2
local stride = 6 + P
local st, en, cnt, fresh, ok, lim, d, w = {}, {}, {}, {}, {}, {}, {}, {}
local allowed = true
for g = 1, G do
  local b = 6 + P + (g - 1) * stride
  local kind = ARGV[b + 1]
  local h = redis.call('HMGET', KEYS[2 + g], 's', 'n', 'd', 'w')
  local s = tonumber(h[1])
  local start, stop
  if kind == 'f' then
    local len = tonumber(ARGV[b + 2])
    -- a call stamped before s (read the clock before a concurrent call opened the window, or a
    -- lagging container clock) belongs to that window: restarting it would hand out a new allowance
    if s and now < s + len then start, stop = s, s + len else start, stop = now, now + len end
  elseif kind == 'b' and ps and pe and pe > ps and now >= ps and now < pe then
    start, stop = ps, pe
  else
    start, stop = tonumber(ARGV[b + 3]), tonumber(ARGV[b + 4])
  end
  -- likewise at a calendar/billing boundary: a call stamped just before a newer window that a
  -- concurrent call already opened counts in that window (its own ended at the newer start)
  if kind ~= 'f' and s and s > start then start, stop = s, s end
  st[g], en[g] = start, stop
  fresh[g] = (s ~= start)
  if fresh[g] then cnt[g], d[g], w[g] = 0, false, false
  else cnt[g], d[g], w[g] = tonumber(h[2]) or 0, h[3] == '1', h[4] == '1' end
  lim[g] = tonumber(ARGV[b + 5 + planIdx])
  ok[g] = lim[g] < 0 or cnt[g] < lim[g]
  if not ok[g] then allowed = false end
end

local out = { allowed and 1 or 0, planIdx }
for g = 1, G do
  local b = 6 + P + (g - 1) * stride
  local key = KEYS[2 + g]
  local flags = ok[g] and 1 or 0
  local used = cnt[g]
  if consume and allowed then
    used = cnt[g] + 1
    if fresh[g] then
      redis.call('DEL', key)
      redis.call('HSET', key, 's', st[g], 'n', used)
      redis.call('PEXPIREAT', key, en[g])
    else
      redis.call('HINCRBY', key, 'n', 1)
    end
    local permille = tonumber(ARGV[b + 5])
    if permille > 0 and lim[g] > 0 and not w[g] then
      local threshold = math.max(1, math.floor((lim[g] * permille + 999) / 1000))
      if used >= threshold then
        redis.call('HSET', key, 'w', 1)
        flags = flags + 4
      end
    end
  elseif consume and not ok[g] and not d[g] then
    if fresh[g] then
      redis.call('DEL', key)
      redis.call('HSET', key, 's', st[g], 'n', 0, 'd', 1)
      redis.call('PEXPIREAT', key, en[g])
    else
      redis.call('HSET', key, 'd', 1)
    end
    redis.call('HSET', KEYS[2], 'h:' .. ARGV[b], now)
    redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]))
    flags = flags + 2
  end
  out[#out + 1] = used
  out[#out + 1] = lim[g]
  out[#out + 1] = st[g]
  out[#out + 1] = en[g]
  out[#out + 1] = flags
end
return out
