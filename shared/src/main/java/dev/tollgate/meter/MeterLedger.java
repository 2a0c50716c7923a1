package dev.tollgate.meter;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.List;

/**
 * The overage meters of accounts, in each account's own slot: the cumulative units the decision
 * counted ({@code M:METER}), the units reported ({@code M:METER:r}) and the entry being reported
 * ({@code M:METER:j}). Each method is atomic on one account.
 */
public interface MeterLedger {
  /** One meter of an account: cumulative and reported units, and the entry in flight (null = none). */
  record Meter(String name, long total, long reported, MeterEntry entry) {
    /** Whether the meter has units to report or an entry to finish. */
    public boolean due() {
      return total > reported || entry != null;
    }
  }

  /**
   * An account's meters, its linked Stripe customer (null = none) and whether follow-up work is
   * pending ({@code px}: the drain has not yet run after its latest counted call).
   */
  record AccountMeters(String customer, boolean pending, List<Meter> meters) {
    /** Whether any meter has units to report or an entry to finish. */
    public boolean due() {
      return meters.stream().anyMatch(Meter::due);
    }
  }

  /**
   * What {@link #cut} found: the entry to report (journaled now or before), or no customer to
   * bill {@code held} unreported units to, or nothing to report.
   */
  record Cut(MeterEntry entry, long held) {}

  /** The account's meters as stored. */
  AccountMeters read(AccountId account);

  /**
   * The entry of {@code meter} still journaled, else journals the unreported units as a new
   * entry (stamped {@code now}, billed to the account's customer) and returns it.
   */
  Cut cut(AccountId account, String meter, Instant now);

  /** Records {@code entry} as reported and removes it, if it is still the journaled one (else nothing). */
  void settle(AccountId account, MeterEntry entry);

  /** Stores {@code entry}'s new retry state, if an entry for the same units is still journaled. */
  void retry(AccountId account, MeterEntry entry);
}
