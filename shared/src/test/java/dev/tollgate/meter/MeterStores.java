package dev.tollgate.meter;

import dev.tollgate.identity.AccountId;
import java.time.Clock;

/**
 * The meter stores a test runs the reporter or a contract on — in memory, or real Redis — with
 * what the decision, the webhook and the drain write beside the ports.
 */
public interface MeterStores {
  /** The ledger. */
  MeterLedger ledger();

  /** A fresh, empty queue stamping marks with {@code clock}. */
  MeterQueue newQueue(Clock clock);

  /** The decision counting {@code units} of overage on {@code meter} (and marking the account pending). */
  void overage(AccountId account, String meter, long units);

  /** The webhook linking {@code customer} to {@code account}. */
  void link(AccountId account, String customer);

  /** The drain's follow-up of the account: overage not yet reported is handed to {@code queue}. */
  default void followUp(AccountId account, MeterQueue queue) {
    new MeterFollowUp(ledger(), queue).handle(account);
  }

  /** The drain acknowledging the account's work (no outbox events left): its pending marker is cleared. */
  void ack(AccountId account);

  /** The drain: the account's follow-ups, then its work acknowledged. */
  default void drain(AccountId account, MeterQueue queue) {
    followUp(account, queue);
    ack(account);
  }

  /** An account id no other test uses. */
  AccountId unique(String prefix);

  /** The in-memory fakes. */
  static MeterStores inMemory() {
    InMemoryMeterLedger ledger = new InMemoryMeterLedger();
    return new MeterStores() {
      private int n;

      @Override
      public MeterLedger ledger() {
        return ledger;
      }

      @Override
      public MeterQueue newQueue(Clock clock) {
        return new InMemoryMeterQueue(clock);
      }

      @Override
      public void overage(AccountId account, String meter, long units) {
        ledger.count(account, meter, units);
      }

      @Override
      public void link(AccountId account, String customer) {
        ledger.link(account, customer);
      }

      @Override
      public void ack(AccountId account) {
        ledger.ack(account);
      }

      @Override
      public synchronized AccountId unique(String prefix) {
        return AccountId.parse(prefix + "-" + (++n));
      }
    };
  }
}
