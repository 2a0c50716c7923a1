package dev.tollgate.meter;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A ledger that makes the reporter run die at a chosen point, once: right after an entry was cut
 * ({@link #crashAfterCut}), or when an entry Stripe accepted is to be settled
 * ({@link #crashOnSettle}); or runs something just before the next cut. Records the entries cut.
 */
public final class CrashingMeterLedger implements MeterLedger {
  private final MeterLedger ledger;
  private final List<MeterEntry> cuts = new CopyOnWriteArrayList<>();
  private volatile boolean crashAfterCut;
  private volatile boolean crashOnSettle;
  private volatile Runnable beforeCut = () -> { };

  /** Wraps {@code ledger}. */
  public CrashingMeterLedger(MeterLedger ledger) {
    this.ledger = ledger;
  }

  /** The next cut journals its entry, then the run dies. */
  public void crashAfterCut() {
    crashAfterCut = true;
  }

  /** The next settle dies without settling. */
  public void crashOnSettle() {
    crashOnSettle = true;
  }

  /** Cancels any crash still armed. */
  public void disarm() {
    crashAfterCut = false;
    crashOnSettle = false;
  }

  /** Runs {@code r} once, just before the next cut. */
  public void beforeNextCut(Runnable r) {
    beforeCut = r;
  }

  /** Every entry a cut returned, in order. */
  public List<MeterEntry> cuts() {
    return cuts;
  }

  @Override
  public AccountMeters read(AccountId account) {
    return ledger.read(account);
  }

  @Override
  public Cut cut(AccountId account, String meter, Instant now) {
    Runnable r = beforeCut;
    beforeCut = () -> { };
    r.run();
    Cut c = ledger.cut(account, meter, now);
    if (c.entry() != null) {
      cuts.add(c.entry());
      if (crashAfterCut) {
        crashAfterCut = false;
        throw new IllegalStateException("simulated crash after the cut");
      }
    }
    return c;
  }

  @Override
  public void settle(AccountId account, MeterEntry entry) {
    if (crashOnSettle) {
      crashOnSettle = false;
      throw new IllegalStateException("simulated crash before settling");
    }
    ledger.settle(account, entry);
  }

  @Override
  public void retry(AccountId account, MeterEntry entry) {
    ledger.retry(account, entry);
  }
}
