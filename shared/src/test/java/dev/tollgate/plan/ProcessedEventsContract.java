package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.TestRedis;
import org.junit.jupiter.api.Test;

/** What every {@link ProcessedEvents} must do; run against the fake and real Redis (single and cluster). */
public abstract class ProcessedEventsContract {
  /** A fresh store. */
  protected abstract ProcessedEvents events();

  @Test
  void anEventIsProcessedOnlyOnceMarkedAndMarkingTwiceIsHarmless() {
    ProcessedEvents events = events();
    String id = TestRedis.uniqueUser("evt");
    String other = TestRedis.uniqueUser("evt");
    assertThat(events.isProcessed(id)).isFalse();
    events.markProcessed(id);
    events.markProcessed(id);
    assertThat(events.isProcessed(id)).isTrue();
    assertThat(events.isProcessed(other)).isFalse();
  }
}
