package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import java.nio.charset.StandardCharsets;

/**
 * The Redis key schema, in one place.
 *
 * <p>Everything one decision reads or writes carries its account's hash tag
 * {@code {a:<accountId>}} (see {@link AccountId}: {@code @org} or a user id), so it shares one
 * Redis Cluster slot and one Lua script may touch it together. Ids are validated where they
 * enter ({@link dev.tollgate.identity.UserId}, the Stripe event parser), so an id can never
 * break out of its hash tag; this class builds names and validates nothing.
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
public final class Keys {
  private Keys() {}

  /** The hash tag shared by every key of {@code userId}. */
  public static String userTag(String userId) {
    return "{u:" + userId + "}";
  }

  /** The hash tag shared by every key of {@code account} (one cluster slot per account). */
  public static String accountTag(AccountId account) {
    return "{a:" + account.value() + "}";
  }

  /**
   * The account hash: plan state (plan, until, ps, pe, ent, status, sub, cust, src, c:CUSTOMER,
   * cvp), the pending-work marker {@code px}, usage windows per gate (G:s, G:n, G:f, G:o, G:c)
   * and cumulative overage per Stripe meter (M:METER, M:METER:r reported). Expires with its
   * last window unless it holds plan state (then persistent).
   */
  public static String account(AccountId account) {
    return accountTag(account);
  }

  /** Events waiting for the scheduled function (first denials, thresholds), oldest first. */
  public static String accountOutbox(AccountId account) {
    return accountTag(account) + ":o";
  }

  /** The account's timeline: h:LOOP = first limit hit ms, pr:LOOP = last prompt step. */
  public static String accountTimeline(AccountId account) {
    return accountTag(account) + ":t";
  }

  /** The account's prepaid credit grants: g:ID = "remaining|expiresMs|grantedMs|granted". */
  public static String accountCredits(AccountId account) {
    return accountTag(account) + ":cr";
  }

  /** Member usage of one gate in its current window: s = window start, USER = units. */
  public static String accountMembers(AccountId account, String gateId) {
    return accountTag(account) + ":m:" + gateId;
  }

  /**
   * The email profile in {@code account}'s slot (for a personal account, its user's
   * {@link #emailProfile}): where the Stripe webhook marks the account's conversion.
   */
  public static String accountEmailProfile(AccountId account) {
    return accountTag(account) + ":e";
  }

  /** Accounts with pending work for the scheduled function, scored by pending-since ms. */
  public static String pendingAccounts() {
    return GLOBAL_TAG + ":pending";
  }

  /**
   * Part {@code part} ("" = the index itself, v, seq, held, dead, deadinfo) of the meter reporting
   * queue called {@code name}: {@code {tg}:meters[:PART]} for the default queue ({@code ""}),
   * {@code {tg}:meters:NAME[:PART]} for another (tests). Always in the {@code {tg}} slot.
   */
  public static String meters(String name, String part) {
    String base = GLOBAL_TAG + ":meters" + (name.isEmpty() ? "" : ":" + name);
    return part.isEmpty() ? base : base + ":" + part;
  }

  /**
   * Plan state of a user's own (personal) account: the account hash (see {@link #account}).
   * Stripe and operator writers make it persistent.
   */
  public static String plan(String userId) {
    return account(personal(userId));
  }

  /** Timeline of a user's own account: limit hits and prompts, for conversion attribution. */
  public static String timeline(String userId) {
    return accountTimeline(personal(userId));
  }

  /**
   * Email profile of a user (address, unsubscribe and conversion markers), in their personal
   * account's slot so one script may read it with that account's plan.
   */
  public static String emailProfile(String userId) {
    return accountTag(personal(userId)) + ":e";
  }

  private static AccountId personal(String userId) {
    return AccountId.personal(dev.tollgate.identity.UserId.of(userId));
  }

  /** The API key record for a key's SHA-256 (hex). */
  public static String apiKey(String sha256Hex) {
    return "{k:" + sha256Hex + "}";
  }

  /** The set of a user's API key hashes. */
  public static String userApiKeys(String userId) {
    return userTag(userId) + ":k";
  }

  /** Hash tag of the global structures (funnel, email queue). */
  public static final String GLOBAL_TAG = "{tg}";

  /** Funnel counters of one UTC day ({@code day} as YYYY-MM-DD). */
  public static String funnelDay(String day) {
    return GLOBAL_TAG + ":f:" + day;
  }

  /**
   * The latest blocks of the activity record called {@code name} ({@code ""} for the stack's own;
   * another name keeps tests sharing a Redis apart).
   */
  public static String latestBlocks(String name) {
    return GLOBAL_TAG + ":lb" + (name.isEmpty() ? "" : ":" + name);
  }

  /** The shares of limits reached on {@code day} (YYYY-MM-DD) in the activity record called {@code name}. */
  public static String limitShares(String name, String day) {
    return GLOBAL_TAG + ":nl:" + (name.isEmpty() ? "" : name + ":") + day;
  }

  /** Funnel field name for {@code counter} of {@code loop}. */
  public static String funnelField(String loop, String counter) {
    return loop + ":" + counter;
  }

  /** Times-to-convert of {@code loop}'s conversions on {@code day} (YYYY-MM-DD). */
  public static String funnelTimesToConvert(String day, String loop) {
    return funnelDay(day) + ":ttc:" + loop;
  }

  /** Kept state of a Stripe customer (its id checked where it entered: the event parser, the operator request). */
  public static String customer(String customerId) {
    return "{c:" + customerId + "}";
  }

  /** Marker of a processed Stripe event (its id checked by the event parser). */
  public static String processedEvent(String eventId) {
    return "{e:" + eventId + "}";
  }

  /** The set of Stripe customers linked to a user. */
  public static String linkedCustomers() {
    return GLOBAL_TAG + ":cs";
  }

  /** Email jobs waiting, scored by due time. */
  public static String emailDue() {
    return emailQueue("", "due");
  }

  /** Email jobs claimed by a run, scored by lease end. */
  public static String emailLease() {
    return emailQueue("", "lease");
  }

  /** Email job payloads by job id. */
  public static String emailItems() {
    return emailQueue("", "items");
  }

  /** Finished email job ids, scored by finish time. */
  public static String emailDone() {
    return emailQueue("", "done");
  }

  /** Dead-lettered email job ids, scored by time. */
  public static String emailDead() {
    return emailQueue("", "dead");
  }

  /**
   * Part {@code part} (due, lease, items, done, dead, sending, sendingAt, inflight) of the email queue called {@code name}:
   * {@code {tg}:q:PART} for the default queue ({@code ""}), {@code {tg}:q:NAME:PART} for another
   * (tests, or a staging stack sharing a Redis). Always in the {@code {tg}} slot.
   */
  public static String emailQueue(String name, String part) {
    return GLOBAL_TAG + ":q:" + (name.isEmpty() ? "" : name + ":") + part;
  }

  /** UTF-8 bytes of a key (the authorizer builds byte keys to skip re-encoding). */
  public static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Part {@code part} (due, items, sent, dead, plans) of the events outbox called {@code name}:
   * {@code {tg}:ev:PART} for the default one ({@code ""}), {@code {tg}:ev:NAME:PART} for another
   * (tests sharing a Redis).
   */
  public static String eventOutbox(String name, String part) {
    return GLOBAL_TAG + ":ev:" + (name.isEmpty() ? "" : name + ":") + part;
  }

  /** Counters of experiment {@code name} per arm. */
  public static String experiment(String name) {
    return GLOBAL_TAG + ":x:" + name;
  }

  /** The first exposure of each account to experiment {@code name}. */
  public static String experimentAccounts(String name) {
    return experiment(name) + ":acc";
  }

  /** Accounts whose conversion experiment {@code name} counted. */
  public static String experimentConversions(String name) {
    return experiment(name) + ":conv";
  }
}
