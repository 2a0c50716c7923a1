package dev.tollgate.meter;

/** The exactly-once scenarios over the in-memory fakes: the reporter's orchestration, no Redis. */
class UsageReportOnceTest extends ReportOnceScenarios {
  @Override
  protected MeterStores stores() {
    return MeterStores.inMemory();
  }
}
