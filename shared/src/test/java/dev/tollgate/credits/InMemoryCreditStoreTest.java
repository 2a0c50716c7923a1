package dev.tollgate.credits;

/** The in-memory fake passes the credit store contract. */
class InMemoryCreditStoreTest extends CreditStoreContract {
  @Override
  protected CreditStore store() {
    return new InMemoryCreditStore();
  }
}
