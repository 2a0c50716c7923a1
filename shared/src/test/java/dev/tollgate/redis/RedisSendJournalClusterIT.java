package dev.tollgate.redis;

import dev.tollgate.email.EmailStores;
import dev.tollgate.email.SendJournalContract;

/** The journal contract on a real Redis Cluster (the journal and its queue share the {tg} slot). */
class RedisSendJournalClusterIT extends SendJournalContract {
  @Override
  protected EmailStores stores() {
    return RedisEmailStores.cluster();
  }
}
