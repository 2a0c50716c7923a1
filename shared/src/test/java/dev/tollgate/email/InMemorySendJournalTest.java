package dev.tollgate.email;

/** The journal contract against the in-memory fake. */
class InMemorySendJournalTest extends SendJournalContract {
  @Override
  protected EmailQueue newQueue() {
    return new InMemoryEmailQueue();
  }

  @Override
  protected SendJournal journalOf(EmailQueue queue) {
    return ((InMemoryEmailQueue) queue).journal();
  }
}
