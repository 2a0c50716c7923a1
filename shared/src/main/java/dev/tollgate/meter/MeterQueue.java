package dev.tollgate.meter;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The global side of meter reporting: the index of accounts with overage to report, the meter
 * events dead-lettered after Stripe refused them, and the accounts whose overage waits for a
 * linked Stripe customer.
 */
public interface MeterQueue {
  /** An account taken by a reporter run, with the index version it was taken at. */
  record Claimed(AccountId account, long version) {}

  /** An account's overage waiting for a Stripe customer: units per meter, since when. */
  record Held(AccountId account, Map<String, Long> units, Instant since) {}

  /** Indexes {@code account} for reporting (kept where it is if already indexed); bumps its version. */
  void mark(AccountId account);

  /** Takes up to {@code max} accounts due at {@code now}, leasing them until {@code leaseEnd}. */
  List<Claimed> claim(Instant now, Instant leaseEnd, int max);

  /**
   * Ends a run's lease of {@code c}: removes the account (next null) or makes it due at
   * {@code next}; if a follow-up indexed it meanwhile it stays, due at {@code next} or {@code now}.
   */
  void done(Claimed c, Instant next, Instant now);

  /** Dead-letters {@code d} (idempotent per identifier). */
  void deadLetter(MeterDeadLetter d);

  /** Up to {@code max} dead-lettered meter events, oldest first. */
  List<MeterDeadLetter> deadLetters(int max);

  /** Records that {@code account}'s {@code units} wait for a customer (since the first time). */
  void hold(AccountId account, Map<String, Long> units, Instant now);

  /** Clears {@code account}'s waiting record. */
  void release(AccountId account);

  /** Up to {@code max} accounts waiting for a customer. */
  List<Held> held(int max);

  /** Accounts indexed for reporting. */
  long indexed();
}
