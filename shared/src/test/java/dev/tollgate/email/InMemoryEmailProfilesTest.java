package dev.tollgate.email;

/** The profiles contract against the in-memory fake. */
class InMemoryEmailProfilesTest extends EmailProfilesContract {
  @Override
  protected EmailStores stores() {
    return EmailStores.inMemory();
  }
}
