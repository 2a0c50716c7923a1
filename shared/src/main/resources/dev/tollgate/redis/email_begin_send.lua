-- Journals a batch before its provider call (or rewrites a journaled one). "begin": if every job
-- is still leased under the claim's token (its lease end: a job whose lease ran out may have gone
-- to another run, whose claim gave it a later end), the entry is written, its jobs leave the
-- lease set (so no lease expiry hands them to another run) and are marked in flight under the
-- batch key; otherwise nothing is written. "postpone": only an entry still present is rewritten
-- (a finished one is not brought back) and its replay time moved; in-flight marks stay as they are.
-- KEYS[1] {tg}:q:lease   KEYS[2] {tg}:q:items   KEYS[3] {tg}:q:sending   KEYS[4] {tg}:q:sendingAt
-- KEYS[5] {tg}:q:inflight
-- ARGV[1] mode ("begin" | "postpone")   ARGV[2] batch key   ARGV[3] payload (SendBatch.encode)
-- ARGV[4] ms from which the entry may be replayed
-- "begin" only: ARGV[5] lease token (the claim's lease end ms)   ARGV[6..] job ids
-- Returns an array: "begin": the ids not leased under the token (empty = journaled); "postpone":
-- empty, or the key if the entry was gone.
local key = ARGV[2]
if ARGV[1] == 'postpone' then
  if redis.call('HEXISTS', KEYS[3], key) == 0 then
    return {key}
  end
else
  local token = tonumber(ARGV[5])
  local lost = {}
  for i = 6, #ARGV do
    local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
    if not score or tonumber(score) ~= token then
      lost[#lost + 1] = ARGV[i]
    end
  end
  if #lost > 0 then
    return lost
  end
end
redis.call('HSET', KEYS[3], key, ARGV[3])
redis.call('ZADD', KEYS[4], tonumber(ARGV[4]), key)
for i = 6, #ARGV do
  local id = ARGV[i]
  redis.call('ZREM', KEYS[1], id)
  if redis.call('HEXISTS', KEYS[2], id) == 1 then
    redis.call('HSET', KEYS[5], id, key)
  end
end
return {}
