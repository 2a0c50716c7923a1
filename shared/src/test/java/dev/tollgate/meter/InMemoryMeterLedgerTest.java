package dev.tollgate.meter;

/** The {@link MeterLedger} contract on the in-memory fake (the only fake the reporter tests may use). */
class InMemoryMeterLedgerTest extends MeterLedgerContract {
  @Override
  protected MeterStores stores() {
    return MeterStores.inMemory();
  }
}
