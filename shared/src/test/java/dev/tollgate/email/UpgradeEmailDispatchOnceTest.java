package dev.tollgate.email;

/**
 * The never-twice scenarios over the in-memory fakes, with the crashing queue: the dispatcher's
 * orchestration in milliseconds, no Redis.
 */
class UpgradeEmailDispatchOnceTest extends DispatchOnceScenarios {
  @Override
  protected EmailStores stores() {
    return EmailStores.inMemory();
  }
}
