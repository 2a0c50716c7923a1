package dev.tollgate.redis;

import dev.tollgate.meter.MeterLedgerContract;
import dev.tollgate.meter.MeterStores;

/** The {@link dev.tollgate.meter.MeterLedger} contract on a real Redis, overage counted by the real decision script. */
class RedisMeterLedgerIT extends MeterLedgerContract {
  @Override
  protected MeterStores stores() {
    return RedisMeterStores.server();
  }
}
