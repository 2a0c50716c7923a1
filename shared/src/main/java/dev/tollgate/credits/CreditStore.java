package dev.tollgate.credits;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.List;

/**
 * Prepaid credits of accounts: grants (each once per grant id) and their balance. The
 * decision draws on them atomically; this port only grants and reads.
 */
public interface CreditStore {
  /**
   * Grants {@code amount} units to {@code account} as grant {@code grantId} (e.g. a Checkout
   * Session id), expiring at {@code expires} (null = never). Returns false, changing nothing,
   * when that grant id was granted before: a retried webhook grants once.
   */
  boolean grant(AccountId account, String grantId, long amount, Instant expires, Instant now);

  /** The account's grants and its balance at {@code now}. */
  Credits show(AccountId account, Instant now);

  /** One grant: what is left of it, when it expires (null = never), when and how much was granted. */
  record Grant(String id, long remaining, Instant expires, Instant grantedAt, long granted) {
    /** Whether units of it can still be drawn at {@code now}. */
    public boolean liveAt(Instant now) {
      return remaining > 0 && (expires == null || expires.isAfter(now));
    }
  }

  /** The grants of an account (newest first) and the units drawable at the time asked. */
  record Credits(long balance, List<Grant> grants) {}
}
