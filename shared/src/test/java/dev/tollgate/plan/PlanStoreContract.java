package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.TestRedis;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link PlanStore} must do; run against the fake and real Redis. */
public abstract class PlanStoreContract {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  /** A fresh store. */
  protected abstract PlanStore store();

  /** Sets {@code h:LOOP}-style timeline fields the way the authorizer does. */
  protected abstract void timeline(String userId, String field, String value);

  private static PlanEntry paid(Long until) {
    return new PlanEntry("paid", until, 1L, 2L, "active", "sub_1");
  }

  @Test
  void becomingPaidMarksOnePendingConversionUntilRecorded() {
    PlanStore s = store();
    String user = TestRedis.uniqueUser("plan");
    timeline(user, "h:features", "123");
    PlanStore.PlanWrite first = s.write(user, "cus_a", paid(null), "free", NOW);
    assertThat(first.wasPaid()).isFalse();
    assertThat(first.isPaid()).isTrue();
    assertThat(first.pendingConversionAt()).isEqualTo(NOW);
    assertThat(first.timeline()).containsEntry("h:features", "123");
    PlanStore.PlanWrite again = s.write(user, "cus_a", paid(null), "free", NOW.plusSeconds(5));
    assertThat(again.pendingConversionAt()).as("still pending until recorded").isEqualTo(NOW);
    s.conversionRecorded(user);
    assertThat(s.write(user, "cus_a", paid(null), "free", NOW.plusSeconds(9)).pendingConversionAt()).isNull();
    assertThat(s.read(user)).contains(paid(null));
  }

  @Test
  void theBestPlanOverTheUsersCustomersWins() {
    PlanStore s = store();
    String user = TestRedis.uniqueUser("plan");
    s.write(user, "cus_a", paid(NOW.toEpochMilli() + 1000), "free", NOW);
    s.write(user, "cus_b", new PlanEntry("free", null, null, null, "canceled", "sub_2"), "free", NOW);
    assertThat(s.read(user).orElseThrow().until()).isEqualTo(NOW.toEpochMilli() + 1000);
    s.write(user, "cus_a", new PlanEntry("free", null, null, null, "canceled", "sub_1"), "free", NOW);
    assertThat(s.read(user).orElseThrow().plan()).isEqualTo("free");
  }

  @Test
  void aPaidPlanWhoseUntilPassedIsNotPaid() {
    PlanStore s = store();
    String user = TestRedis.uniqueUser("plan");
    PlanStore.PlanWrite w = s.write(user, "cus_a", paid(NOW.toEpochMilli() - 1), "free", NOW);
    assertThat(w.isPaid()).isFalse();
    assertThat(w.pendingConversionAt()).isNull();
  }
}
