/**
 * The Redis adapters of Tollgate's ports, and the key schema they share, in one place.
 *
 * <p>Everything one decision reads or writes carries its account's hash tag
 * {@code {a:<accountId>}} (see {@link dev.tollgate.identity.AccountId}: {@code @org} or a user id), so it shares one
 * Redis Cluster slot and one Lua script may touch it together. Ids are validated where they
 * enter ({@link dev.tollgate.identity.UserId}, the Stripe event parser), so an id can never
 * break out of its hash tag; {@link Keys} builds the names and validates nothing.
 * Global structures carry their own tags ({@code {tg}}, {@code {c:...}}, {@code {e:...}}).
 *
 * <pre>
 * {a:ID}            hash   the account: plan state (plan, until: ms after which the plan lapses
 *                          to the default, ps/pe: billing period ms, ent: Stripe entitlements
 *                          ",a,b,", status, sub, cust, src, c:CUSTOMER, cvp), px (pending
 *                          follow-up work since ms), and per gate G: G:s window start, G:n
 *                          included units, G:f flags (1 = first denial recorded, 2^(i+1) =
 *                          threshold i reached), G:o overage units, G:c credit units;
 *                          M:METER (upper case: no gate id, a lower-case loop name, can
 *                          collide) cumulative overage units, M:METER:r units reported to
 *                          Stripe, M:METER:j the meter event being reported (see
 *                          dev.tollgate.meter.MeterEntry). Expires with its last window
 *                          unless it holds plan state (writers of plan state PERSIST it;
 *                          overage needs a paid plan, so its hash is persistent)
 * {a:ID}:o          list   outbox: first denials and thresholds for the scheduled function
 * {a:ID}:t          hash   timeline: h:LOOP (first limit hit ms), pr:LOOP (last prompt step);
 *                          expires after the attribution window
 * {a:ID}:cr         hash   prepaid credit grants: g:GRANT = "remaining|expiresMs|grantedMs|granted"
 *                          (GRANT: a Checkout Session id for credits sold through Stripe, else the CLI's id)
 * {a:ID}:m:GATE     hash   member usage of a gate in its window: s (start ms), USER (units)
 * {a:USER}:e        hash   email profile of a user, in their personal account's slot: email,
 *                          unsub (ms), conv (ms)
 * {tg}:pending      zset   accounts with pending follow-up work, scored by pending-since ms
 * {tg}:meters       zset   accounts with overage to report to Stripe, scored by when a
 *                          reporter run may take them (a run's lease, a retry's backoff)
 * {tg}:meters:v     hash   account -> version, set from {tg}:meters:seq by each follow-up that
 *                          indexes it (a run removes an account only if none did meanwhile)
 * {tg}:meters:held  hash   account -> "METER=UNITS,...|sinceMs": overage waiting for a
 *                          linked Stripe customer
 * {tg}:meters:dead  zset   dead-lettered meter event identifiers, scored by ms
 * {tg}:meters:deadinfo hash identifier -> the dead meter event (MeterDeadLetter.encode)
 * {k:SHA256}        hash   API key record: u (user id), e (email), c (created ms)
 * {u:ID}:k          set    the user's API key hashes (for revocation)
 * {tg}:f:YYYY-MM-DD hash   funnel counters of one UTC day: LOOP:limitReached, LOOP:promptsSent,
 *                          LOOP:conversions, LOOP:convertMsSum, ... ; expires after 400 days
 * {tg}:f:YYYY-MM-DD:ttc:LOOP
 *                   list   times-to-convert (ms) of LOOP's conversions that day (for the
 *                          median); expires with the day's funnel hash. The funnel hash also
 *                          holds LOOP:conversionsAtStep:N, LOOP:conversionsWithoutEmail and
 *                          paidWithoutLimit (users who paid with no limit hit)
 * {tg}:f:YYYY-MM-DD:seen
 *                   set    ids counted in that day's funnel (RedisFunnel counts each once);
 *                          expires after 8 days, longer than any writer retries
 * {c:CUSTOMER}      hash   Stripe customer state: u (linked account), lk (that link's order key),
 *                          s:SUB / so:SUB (latest subscription snapshot JSON / its order key),
 *                          i:SUB / io:SUB (latest invoice outcome / order key), pp:SUB (latest
 *                          paid period), f:ACCOUNT (an account it was linked to before, until
 *                          that account's plan no longer holds it), en / eno and ep / epo (latest
 *                          complete / partial entitlement summary JSON / order key), cr:SESSION
 *                          (a credit purchase "p|units|expiresMs|paidAtMs|claimant", "g|..." once
 *                          granted). No TTL (the plan's source)
 * {e:EVENT_ID}      string a processed Stripe event id; expires after 4 days (Stripe retries
 *                          for 3)
 * {tg}:cs           set    every Stripe customer linked to a user (for reconcile)
 * {a:ID} fields written by the webhook besides the contract ones: c:CUSTOMER (the entries
 *                          that customer's subscriptions give, a JSON list; see
 *                          stripe_account_plan.lua), E:CUSTOMER (that customer's entitlements,
 *                          ",a,b,"; ent is their union), cust, src, cvp (ms of a conversion not yet counted)
 * {tg}:q:due       zset   email jobs waiting, scored by due ms (member = job id)
 * {tg}:q:lease     zset   email jobs claimed by a dispatcher run, scored by lease end ms
 * {tg}:q:items     hash   job id -> job payload (EmailJob.encode) of pending, leased and dead jobs
 * {tg}:q:done      zset   finished (sent or dropped) job ids, scored by finish ms; trimmed after
 *                          40 days, so a finished step is never scheduled again
 * {tg}:q:dead      zset   dead-lettered job ids, scored by ms (payload stays in q:items)
 * {tg}:q:sending   hash   send journal: batch idempotency key -> SendBatch.encode (key, job ids,
 *                          jobs, the exact rendered emails), written before the provider call and
 *                          deleted once its jobs are settled
 * {tg}:q:sendingAt zset   journal keys, scored by the ms from which a run may replay the entry
 *                          (written + grace; pushed on by each replay claim or a postponed retry)
 * {tg}:q:inflight  hash   job id -> batch key of the journal entry it is in flight in; cleared
 *                          when the job is settled (sent, dropped, retried, dead, released)
 * {tg}:ev:due      zset   events waiting for EventBridge, scored by the ms they are due (or their
 *                          lease ends); member = event id
 * {tg}:ev:items    hash   event id -> "TYPE \t TIME_MS \t ATTEMPTS \t LAST_ERROR \t DETAIL_JSON"
 * {tg}:ev:sent     zset   ids of events put, scored by ms; trimmed after 7 days (so a writer's
 *                          retry never adds a sent event again)
 * {tg}:ev:dead     zset   dead-lettered event ids, scored by ms (the item stays in ev:items)
 * {tg}:ev:plans    hash   account -> the plan last announced by a plan.changed event
 * {tg}:x:EXP       hash   experiment counters: ARM:exposed, ARM:conversions (accounts)
 * {tg}:x:EXP:acc   hash   account -> "ARM|ms" of its first exposure to the experiment
 * {tg}:x:EXP:conv  set    accounts whose conversion the experiment counted
 * {a:ID}:t x:EXP          the account's exposure "ARM|ms" (copied from {tg}:x:EXP:acc), for
 *                          attributing its conversion
 * {tg}:lb         zset   latest blocks (first denials): crossing id scored by the block's ms;
 *                          the newest 100 kept
 * {tg}:lb:d        hash   crossing id -> the block (LimitActivityCodec); trimmed with {tg}:lb
 * {tg}:nl:YYYY-MM-DD
 *                  zset   accounts by the highest share of a limit reached that UTC day: member
 *                          ACCOUNT \t GATE \t WINDOW_START_MS scored by permille; the top 100
 *                          kept; expires after 40 days
 * {tg}:nl:YYYY-MM-DD:d
 *                  hash   member -> that share (LimitActivityCodec); trimmed and expired with it
 * {tg}:...          other global structures share the {tg} tag so one script may update the
 *                   funnel and the email queue together
 * </pre>
 */
package dev.tollgate.redis;
