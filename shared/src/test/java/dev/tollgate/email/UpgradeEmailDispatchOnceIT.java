package dev.tollgate.email;

import dev.tollgate.redis.RedisEmailStores;

/** The never-twice scenarios on real Redis (the scripts' atomicity is the point). */
class UpgradeEmailDispatchOnceIT extends DispatchOnceScenarios {
  @Override
  protected EmailStores stores() {
    return RedisEmailStores.server();
  }
}
