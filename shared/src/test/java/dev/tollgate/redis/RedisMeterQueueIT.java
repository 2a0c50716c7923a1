package dev.tollgate.redis;

import dev.tollgate.meter.MeterQueueContract;
import dev.tollgate.meter.MeterStores;

/** The {@link dev.tollgate.meter.MeterQueue} contract on a real Redis, overage counted by the real decision script. */
class RedisMeterQueueIT extends MeterQueueContract {
  @Override
  protected MeterStores stores() {
    return RedisMeterStores.server();
  }
}
