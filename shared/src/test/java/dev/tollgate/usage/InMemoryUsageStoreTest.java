package dev.tollgate.usage;

import dev.tollgate.usage.UsageModel.PlanState;
import java.util.UUID;

class InMemoryUsageStoreTest extends UsageStoreContract {
  private final InMemoryUsageStore store = new InMemoryUsageStore(PLANS, "free");

  @Override
  protected UsageStore store() {
    return store;
  }

  @Override
  protected void putPlan(String userId, PlanState state) {
    store.putPlan(userId, state);
  }

  @Override
  protected String newUser() {
    return "u-" + UUID.randomUUID();
  }
}
