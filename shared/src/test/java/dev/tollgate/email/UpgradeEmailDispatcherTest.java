package dev.tollgate.email;

/** The dispatcher scenarios over the in-memory fakes: the run's loop in milliseconds, no Redis. */
class UpgradeEmailDispatcherTest extends DispatcherScenarios {
  @Override
  protected EmailStores stores() {
    return EmailStores.inMemory();
  }
}
