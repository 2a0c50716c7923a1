package dev.tollgate.redis;

import dev.tollgate.meter.MeterStores;
import dev.tollgate.meter.ReportOnceScenarios;

/** The exactly-once scenarios on real Redis, overage counted by the real decision script. */
class UsageReportOnceIT extends ReportOnceScenarios {
  @Override
  protected MeterStores stores() {
    return RedisMeterStores.server();
  }
}
