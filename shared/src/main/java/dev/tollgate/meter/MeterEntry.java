package dev.tollgate.meter;

import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.ApiKeys;

/**
 * One meter event being reported, journaled in the account's slot before Stripe is called: the
 * overage units {@code (from, to]} of one meter (the account's cumulative count before and after),
 * the time and customer it is reported with, and its retry state. Everything Stripe receives is
 * fixed at the cut, so every replay of the entry is byte-identical and carries the same
 * {@link #identifier}, which Stripe de-duplicates.
 *
 * @param meter the Stripe meter event name
 * @param from units already reported before this entry
 * @param to cumulative units after it (the event's value is {@code to - from})
 * @param timestamp the event's time, epoch seconds (the cut)
 * @param customer the Stripe customer the units are billed to (the account's {@code cust} at the cut)
 * @param attempts calls that failed so far
 * @param nextAttemptMs when the next call may be made (0 = now)
 * @param firstAttemptMs when it was first sent (0 = never)
 * @param uncertain whether a failed call may have reached Stripe (a lost answer, a 5xx)
 * @param lastError why the last call failed ("" = none)
 */
public record MeterEntry(String meter, long from, long to, long timestamp, String customer, int attempts,
    long nextAttemptMs, long firstAttemptMs, boolean uncertain, String lastError) {
  /** Longest identifier Stripe accepts. */
  static final int MAX_IDENTIFIER = 100;

  /** The units this entry reports. */
  public long units() {
    return to - from;
  }

  /**
   * The deterministic identifier of this entry's event for {@code account}:
   * {@code ACCOUNT|METER|FROM-TO}, or, when that is longer than Stripe's 100 characters or not
   * printable ASCII, {@code tg1-<128-bit hash of ACCOUNT|METER>|FROM-TO}.
   */
  public String identifier(AccountId account) {
    String range = from + "-" + to;
    String plain = account.value() + "|" + meter + "|" + range;
    if (plain.length() <= MAX_IDENTIFIER && plain.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return plain;
    }
    return "tg1-" + ApiKeys.sha256Hex(account.value() + "|" + meter).substring(0, 32) + "|" + range;
  }

  /** The event Stripe receives for {@code account}. */
  public MeterEvent event(AccountId account) {
    return new MeterEvent(identifier(account), meter, customer, units(), timestamp);
  }

  /** This entry after a failed call at {@code nowMs}, retried at {@code nextMs}. */
  public MeterEntry failed(long nowMs, long nextMs, boolean mayHaveReachedStripe, String error) {
    return new MeterEntry(meter, from, to, timestamp, customer, attempts + 1, nextMs,
        firstAttemptMs == 0 ? nowMs : firstAttemptMs, uncertain || mayHaveReachedStripe, error);
  }

  /** The stored text: {@code from|to|timestamp|customer|attempts|nextMs|firstMs|uncertain|error}. */
  public String encode() {
    return from + "|" + to + "|" + timestamp + "|" + customer + "|" + attempts + "|" + nextAttemptMs + "|"
        + firstAttemptMs + "|" + (uncertain ? 1 : 0) + "|" + lastError.replace('\n', ' ');
  }

  /** Reads the stored text of {@code meter}'s entry; an {@link IllegalArgumentException} when malformed. */
  public static MeterEntry decode(String meter, String text) {
    String[] f = text.split("\\|", 9);
    if (f.length != 9) {
      throw new IllegalArgumentException("not a meter journal entry of " + meter + ": " + f.length + " fields");
    }
    return new MeterEntry(meter, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3],
        Integer.parseInt(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), f[7].equals("1"), f[8]);
  }
}
