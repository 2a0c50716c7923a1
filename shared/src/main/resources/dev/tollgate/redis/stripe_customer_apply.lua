-- Applies one Stripe change to a customer's kept state, atomically, and returns the state.
-- Idempotent: applying the same change again changes nothing.
-- KEYS[1] = {c:<customerId>}  hash: u (linked account), lk (the link's order key; a link kept
--           from before order keys counts as explicit at time 0), s:<sub> / so:<sub>
--           (subscription snapshot JSON / its order key), i:<sub> / io:<sub> (latest invoice
--           outcome / order key), pp:<sub> (the latest paid period, "observedAt|end|start",
--           zero-padded: the greater string wins), f:<account> (a former account whose plan may
--           still hold this customer's entries, until settled), en / eno and ep / epo (the latest
--           complete / partial entitlement summary JSON and its order key), cr:<session> (a credit
--           purchase "p|units|expiresMs|paidAtMs|account": account '' until a link claims it;
--           "g|..." once granted)
-- ARGV[1] = 'sub' | 'inv' | 'link' | 'ent' | 'credit'
--   sub, inv: ARGV[2] = subscription id, ARGV[3] = order key (compared as a string; a lower
--             key than the kept one is stale), ARGV[4] = snapshot JSON,
--             ARGV[5] = account of metadata.userId ('' if none), ARGV[6] = that implicit link's order key,
--             ARGV[7] = the paid period it shows ('' if none; kept even when the snapshot is stale)
--   link:     ARGV[2] = account, ARGV[3] = the link's order key
--   ent:      ARGV[2] = 'en' (complete summary) | 'ep' (partial), ARGV[3] = order key, ARGV[4] = summary JSON
--   credit:   ARGV[2] = checkout session id, ARGV[3] = "units|expiresMs|paidAtMs" (kept once per session)
-- A link replaces the kept one only with a greater order key; the account it replaces
-- becomes former (f:; the webhook deletes the field once that account's plan is re-derived),
-- the account it names stops being former and claims every unclaimed credit purchase.
-- Returns {status, HGETALL after the change} with status 'applied' or 'stale'.
local function link(account, key)
  local cur = redis.call('HGET', KEYS[1], 'u')
  local kept = redis.call('HGET', KEYS[1], 'lk') or (cur and '1|000000000000000|')
  if kept and kept > key then return 'stale' end
  if cur and cur ~= account then redis.call('HSET', KEYS[1], 'f:' .. cur, '1') end
  redis.call('HDEL', KEYS[1], 'f:' .. account)
  redis.call('HSET', KEYS[1], 'u', account, 'lk', key)
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    local v = all[i + 1]
    if string.sub(all[i], 1, 3) == 'cr:' and string.sub(v, 1, 2) == 'p|' and string.sub(v, -1) == '|' then
      redis.call('HSET', KEYS[1], all[i], v .. account)
    end
  end
  return 'applied'
end

local status = 'applied'
local op = ARGV[1]
if op == 'link' then
  status = link(ARGV[2], ARGV[3])
elseif op == 'ent' then
  local kept = redis.call('HGET', KEYS[1], ARGV[2] .. 'o')
  if kept and kept > ARGV[3] then
    status = 'stale'
  else
    redis.call('HSET', KEYS[1], ARGV[2], ARGV[4], ARGV[2] .. 'o', ARGV[3])
  end
elseif op == 'credit' then
  local claimant = redis.call('HGET', KEYS[1], 'u') or ''
  if redis.call('HSETNX', KEYS[1], 'cr:' .. ARGV[2], 'p|' .. ARGV[3] .. '|' .. claimant) == 0 then
    status = 'stale'
  end
else
  local prefix = op == 'sub' and 's' or 'i'
  local kept = redis.call('HGET', KEYS[1], prefix .. 'o:' .. ARGV[2])
  if kept and kept > ARGV[3] then
    status = 'stale'
  else
    redis.call('HSET', KEYS[1], prefix .. 'o:' .. ARGV[2], ARGV[3], prefix .. ':' .. ARGV[2], ARGV[4])
  end
  if ARGV[5] ~= '' then
    link(ARGV[5], ARGV[6])
  end
  if ARGV[7] ~= '' then
    local paid = redis.call('HGET', KEYS[1], 'pp:' .. ARGV[2])
    if not paid or paid < ARGV[7] then
      redis.call('HSET', KEYS[1], 'pp:' .. ARGV[2], ARGV[7])
    end
  end
end
return {status, redis.call('HGETALL', KEYS[1])}
