package dev.tollgate.redis;

import dev.tollgate.email.EmailProfilesContract;
import dev.tollgate.email.EmailStores;

/** The profiles contract on a real Redis Cluster (a user's keys share the {u:ID} slot). */
class RedisEmailProfilesClusterIT extends EmailProfilesContract {
  @Override
  protected EmailStores stores() {
    return RedisEmailStores.cluster();
  }
}
