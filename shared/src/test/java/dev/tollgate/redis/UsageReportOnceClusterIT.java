package dev.tollgate.redis;

import dev.tollgate.meter.MeterStores;
import dev.tollgate.meter.ReportOnceScenarios;

/** The exactly-once scenarios on a real Redis Cluster (each account in its own slot, the index in {tg}'s). */
class UsageReportOnceClusterIT extends ReportOnceScenarios {
  @Override
  protected MeterStores stores() {
    return RedisMeterStores.cluster();
  }
}
