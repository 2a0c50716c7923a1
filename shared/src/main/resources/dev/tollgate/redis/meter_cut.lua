-- Cuts an account's unreported overage of one meter into a journal entry, or returns the entry
-- already journaled (a run that died after the cut, or one still reporting it). One account slot.
-- KEYS[1] {a:ID} account hash: M:METER cumulative units (the decision's), M:METER:r units
--         reported, M:METER:j the entry (MeterEntry.encode), cust the linked Stripe customer
-- ARGV[1] meter   ARGV[2] the cut's timestamp (epoch s)
-- Returns {1, entry} an entry to report; {2, units} units waiting for a customer; {0, ''} nothing.
local m = 'M:' .. ARGV[1]
local j = redis.call('HGET', KEYS[1], m .. ':j')
if j then return {1, j} end
local h = redis.call('HMGET', KEYS[1], m, m .. ':r', 'cust')
local total, rep = tonumber(h[1]) or 0, tonumber(h[2]) or 0
if total <= rep then return {0, ''} end
if not h[3] or h[3] == '' then return {2, tostring(total - rep)} end
local e = rep .. '|' .. total .. '|' .. ARGV[2] .. '|' .. h[3] .. '|0|0|0|0|'
redis.call('HSET', KEYS[1], m .. ':j', e)
return {1, e}
