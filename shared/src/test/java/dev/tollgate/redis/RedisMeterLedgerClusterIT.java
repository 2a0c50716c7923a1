package dev.tollgate.redis;

import dev.tollgate.meter.MeterLedgerContract;
import dev.tollgate.meter.MeterStores;

/** The {@link dev.tollgate.meter.MeterLedger} contract on a real Redis Cluster (account and {tg} keys in their own slots). */
class RedisMeterLedgerClusterIT extends MeterLedgerContract {
  @Override
  protected MeterStores stores() {
    return RedisMeterStores.cluster();
  }
}
