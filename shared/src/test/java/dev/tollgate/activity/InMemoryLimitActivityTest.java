package dev.tollgate.activity;

/** The in-memory record passes the contract the Redis one does. */
class InMemoryLimitActivityTest extends LimitActivityContract {
  @Override
  protected LimitActivity activity(String name, int blocks, int shares) {
    return new InMemoryLimitActivity(blocks, shares);
  }
}
