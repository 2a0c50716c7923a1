package dev.tollgate.conversion;

/** The in-memory fake passes the funnel contract. */
class InMemoryFunnelTest extends FunnelContract {
  @Override
  protected Funnel funnel() {
    return new InMemoryFunnel();
  }
}
