package dev.tollgate.email;

import dev.tollgate.redis.RedisEmailStores;

/** The dispatcher scenarios on real Redis. */
class UpgradeEmailDispatcherIT extends DispatcherScenarios {
  @Override
  protected EmailStores stores() {
    return RedisEmailStores.server();
  }
}
