package dev.tollgate.email;

import dev.tollgate.identity.AccountId;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * One scheduled email: step {@code step} (0-based) of {@code template}'s sequence for a user
 * who crossed {@code loop}'s limit in the window starting at {@code windowStart}. Carries what
 * rendering needs, so the dispatcher never re-reads the usage window. Times are epoch ms.
 *
 * @param email the address known when scheduled; null = look it up at dispatch time
 * @param attempts failed provider attempts so far
 * @param lastError why the last attempt failed (null before any failure)
 * @param arm the {@code experiment:arm} the user saw when blocked (null: none); its
 *     {@code upgradeUrl} override is the email's {@code {{upgradeUrl}}}
 * @param account the account whose limit was reached ({@code AccountId#value()}; null: the
 *     user's personal account, as in jobs scheduled before accounts existed): the email's
 *     {@code {{accountId}}}
 */
public record EmailJob(
    String userId,
    String email,
    String loop,
    String template,
    int step,
    long windowStart,
    long crossedAt,
    long dueAt,
    long used,
    long limit,
    long resetAt,
    String plan,
    int attempts,
    String lastError,
    String arm,
    String account) {

  /** A job on the user's personal account. */
  public EmailJob(String userId, String email, String loop, String template, int step, long windowStart,
      long crossedAt, long dueAt, long used, long limit, long resetAt, String plan, int attempts, String lastError,
      String arm) {
    this(userId, email, loop, template, step, windowStart, crossedAt, dueAt, used, limit, resetAt, plan, attempts,
        lastError, arm, null);
  }

  /** A job outside any experiment. */
  public EmailJob(String userId, String email, String loop, String template, int step, long windowStart,
      long crossedAt, long dueAt, long used, long limit, long resetAt, String plan, int attempts, String lastError) {
    this(userId, email, loop, template, step, windowStart, crossedAt, dueAt, used, limit, resetAt, plan, attempts,
        lastError, null);
  }

  /** {@link #account()}, else the user's personal account's value (jobs scheduled before accounts existed). */
  public String accountValue() {
    return account != null ? account : AccountId.personalValue(userId);
  }

  /**
   * The identity of this job: user, loop, template, window and step. The same step of the same
   * window can therefore be scheduled only once. The user id goes last because it may contain
   * {@code ':'}.
   */
  public String id() {
    return id(userId, loop, template, windowStart, step);
  }

  /** The identity of a job (see {@link #id()}). */
  public static String id(String userId, String loop, String template, long windowStart, int step) {
    return loop + ":" + template + ":" + windowStart + ":" + step + ":" + userId;
  }

  /**
   * The provider idempotency key of this email: stable for the user, loop, template, window and
   * step, at most 120 characters whatever the user id (which is hashed), so a re-send after a
   * crash is de-duplicated by the provider.
   */
  public String idempotencyKey() {
    return "tg-" + loop + "-" + template + "-" + windowStart + "-" + step + "-" + sha256Hex(userId).substring(0, 32);
  }

  /** This job after one more failed attempt, due again at {@code nextDueAt}. */
  public EmailJob failedAttempt(String error, long nextDueAt) {
    return new EmailJob(userId, email, loop, template, step, windowStart, crossedAt, nextDueAt, used, limit,
        resetAt, plan, attempts + 1, error, arm, account);
  }

  /** This job with its failure reason (kept when it is dead-lettered). */
  public EmailJob withError(String error) {
    return new EmailJob(userId, email, loop, template, step, windowStart, crossedAt, dueAt, used, limit,
        resetAt, plan, attempts, error, arm, account);
  }

  /** A compact, order-independent text form ({@code k=v&...}, URL-encoded) for queue storage. */
  public String encode() {
    StringBuilder b = new StringBuilder(160);
    put(b, "u", userId);
    put(b, "e", email);
    put(b, "l", loop);
    put(b, "t", template);
    put(b, "s", Integer.toString(step));
    put(b, "ws", Long.toString(windowStart));
    put(b, "at", Long.toString(crossedAt));
    put(b, "due", Long.toString(dueAt));
    put(b, "used", Long.toString(used));
    put(b, "lim", Long.toString(limit));
    put(b, "ra", Long.toString(resetAt));
    put(b, "p", plan);
    put(b, "n", Integer.toString(attempts));
    put(b, "err", lastError);
    put(b, "x", arm);
    put(b, "a", account);
    return b.toString();
  }

  /** Reads {@link #encode()}'s form back; absent optional fields become null. */
  public static EmailJob decode(String text) {
    Map<String, String> f = new HashMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        f.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return new EmailJob(f.get("u"), f.get("e"), f.get("l"), f.get("t"), Integer.parseInt(f.get("s")),
        Long.parseLong(f.get("ws")), Long.parseLong(f.get("at")), Long.parseLong(f.get("due")),
        Long.parseLong(f.get("used")), Long.parseLong(f.get("lim")), Long.parseLong(f.get("ra")), f.get("p"),
        Integer.parseInt(f.getOrDefault("n", "0")), f.get("err"), f.get("x"), f.get("a"));
  }

  private static void put(StringBuilder b, String key, String value) {
    if (value == null) {
      return;
    }
    if (b.length() > 0) {
      b.append('&');
    }
    b.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
