package dev.tollgate.email;

/** The queue contract against the in-memory fake. */
class InMemoryEmailQueueTest extends EmailQueueContract {
  @Override
  protected EmailQueue newQueue() {
    return new InMemoryEmailQueue();
  }
}
