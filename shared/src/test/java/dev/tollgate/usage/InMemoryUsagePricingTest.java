package dev.tollgate.usage;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

class InMemoryUsagePricingTest extends UsagePricingContract {
  private final InMemoryUsageStore store = new InMemoryUsageStore(PLANS, "free");

  @Override
  protected UsageStore store() {
    return store;
  }

  @Override
  protected void putPlan(AccountId account, UsageModel.PlanState state) {
    synchronized (store) {
      store.account(account).plan = state;
    }
  }

  @Override
  protected void putEntitlements(AccountId account, List<String> features) {
    synchronized (store) {
      store.account(account).ent = "," + String.join(",", features) + ",";
    }
  }

  @Override
  protected void grant(AccountId account, String id, long amount, Instant expires) {
    synchronized (store) {
      store.account(account).grants.put("g:" + id, new long[] {amount, expires == null ? 0 : expires.toEpochMilli()});
    }
  }

  @Override
  protected List<String> outbox(AccountId account) {
    synchronized (store) {
      return List.copyOf(store.account(account).outbox);
    }
  }

  @Override
  protected String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }
}
