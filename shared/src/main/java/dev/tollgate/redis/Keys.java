package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import java.nio.charset.StandardCharsets;

/**
 * Builds the Redis key names of the schema that the package documentation
 * ({@code package-info.java} of {@code dev.tollgate.redis}) lays out: every key of an account
 * carries its hash tag {@code {a:<accountId>}}, global structures their own tags. Ids are
 * validated where they enter; this class builds names and validates nothing.
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
