package dev.tollgate.meter;

/** The {@link MeterQueue} contract on the in-memory fake (the only fake the reporter tests may use). */
class InMemoryMeterQueueTest extends MeterQueueContract {
  @Override
  protected MeterStores stores() {
    return MeterStores.inMemory();
  }
}
