package dev.tollgate.plan;

import org.junit.jupiter.api.Nested;

/** The in-memory fakes pass the store contracts. */
class InMemoryStoresTest {
  @Nested
  class Subscriptions extends SubscriptionStoreContract {
    @Override
    protected SubscriptionStore store() {
      return new InMemorySubscriptionStore();
    }
  }

  @Nested
  class Processed extends ProcessedEventsContract {
    @Override
    protected ProcessedEvents events() {
      return new InMemoryProcessedEvents();
    }
  }

  @Nested
  class Plans extends PlanStoreContract {
    private final InMemoryPlanStore store = new InMemoryPlanStore("free");

    @Override
    protected PlanStore store() {
      return store;
    }

    @Override
    protected void timeline(String userId, String field, String value) {
      store.timeline(userId, field, value);
    }
  }
}
