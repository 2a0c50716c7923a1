package dev.tollgate.redis;

import dev.tollgate.meter.MeterQueueContract;
import dev.tollgate.meter.MeterStores;

/** The {@link dev.tollgate.meter.MeterQueue} contract on a real Redis Cluster (account and {tg} keys in their own slots). */
class RedisMeterQueueClusterIT extends MeterQueueContract {
  @Override
  protected MeterStores stores() {
    return RedisMeterStores.cluster();
  }
}
