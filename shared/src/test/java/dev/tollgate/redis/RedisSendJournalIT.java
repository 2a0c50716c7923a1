package dev.tollgate.redis;

import dev.tollgate.email.EmailStores;
import dev.tollgate.email.SendJournalContract;

/** The journal contract against real Redis; each test gets its own named queue. */
class RedisSendJournalIT extends SendJournalContract {
  @Override
  protected EmailStores stores() {
    return RedisEmailStores.server();
  }
}
