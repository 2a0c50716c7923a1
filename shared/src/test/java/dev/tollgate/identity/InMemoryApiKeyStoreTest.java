package dev.tollgate.identity;

import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory fake against the store contract. */
class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
  private final AtomicInteger users = new AtomicInteger();

  @Override
  protected ApiKeyStore store() {
    return store;
  }

  @Override
  protected String newUser() {
    return "user-" + users.incrementAndGet();
  }
}
