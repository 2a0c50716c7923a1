package dev.tollgate.meter;

import dev.tollgate.followup.PendingDrainer;
import dev.tollgate.identity.AccountId;

/**
 * The drain's follow-up for overage: an account with units not yet reported to Stripe (or an
 * event in flight) is handed to the reporter's index. It runs before the drain acknowledges the
 * account's work, so a failure here leaves the work pending and it is tried again.
 */
public final class MeterFollowUp implements PendingDrainer.AccountFollowUp {
  private final MeterLedger ledger;
  private final MeterQueue queue;

  /** Hands accounts with overage in {@code ledger} to {@code queue}. */
  public MeterFollowUp(MeterLedger ledger, MeterQueue queue) {
    this.ledger = ledger;
    this.queue = queue;
  }

  @Override
  public void handle(AccountId account) {
    if (ledger.read(account).due()) {
      queue.mark(account);
    }
  }
}
