-- Settles (records as reported) or rewrites the retry state of a journaled meter entry, only if
-- the entry for the same units is still there: settling twice, or after another run did, does
-- nothing. One account slot.
-- KEYS[1] {a:ID} account hash (M:METER:r, M:METER:j; see meter_cut.lua)
-- ARGV[1] 'settle' | 'retry'   ARGV[2] meter   ARGV[3] from   ARGV[4] to   ARGV[5] new entry (retry)
-- Returns 1 when it changed the entry, 0 when that entry was gone.
local m = 'M:' .. ARGV[2]
local j = redis.call('HGET', KEYS[1], m .. ':j')
if not j then return 0 end
local f, t = string.match(j, '^(%d+)|(%d+)|')
if f ~= ARGV[3] or t ~= ARGV[4] then return 0 end
if ARGV[1] == 'settle' then
  redis.call('HSET', KEYS[1], m .. ':r', t)
  redis.call('HDEL', KEYS[1], m .. ':j')
else
  redis.call('HSET', KEYS[1], m .. ':j', ARGV[5])
end
return 1
