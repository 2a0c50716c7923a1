package dev.tollgate.email;

/** The journal contract against the in-memory fake. */
class InMemorySendJournalTest extends SendJournalContract {
  @Override
  protected EmailStores stores() {
    return EmailStores.inMemory();
  }
}
