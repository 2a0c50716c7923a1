package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.TestRedis;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link PlanStore} must do; run against the fake and real Redis (single and cluster). */
public abstract class PlanStoreContract {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  /** A fresh store whose default plan is {@code free}. */
  protected abstract PlanStore store();

  /** Sets {@code h:LOOP}-style timeline fields the way the authorizer does. */
  protected abstract void timeline(String accountId, String field, String value);

  private static PlanEntry paid(Long until) {
    return paid(until, "sub_1");
  }

  private static PlanEntry paid(Long until, String sub) {
    return new PlanEntry("paid", until, 1L, 2L, "active", sub);
  }

  private static PlanEntry canceled(String sub) {
    return new PlanEntry("free", null, null, null, "canceled", sub);
  }

  private static PlanStore.PlanWrite write(PlanStore s, String account, String customer, Instant at, PlanEntry... entries) {
    return s.write(account, customer, List.of(entries), Set.of(), Optional.empty(), at);
  }

  @Test
  void becomingPaidMarksOnePendingConversionUntilCounted() {
    PlanStore s = store();
    String account = TestRedis.uniqueUser("plan");
    timeline(account, "h:features", "123");
    PlanStore.PlanWrite first = write(s, account, "cus_a", NOW, paid(null));
    assertThat(first.wasPaid()).isFalse();
    assertThat(first.isPaid()).isTrue();
    assertThat(first.pendingConversionAt()).isEqualTo(NOW);
    assertThat(first.timeline()).containsEntry("h:features", "123");
    assertThat(first.plan()).isEqualTo("paid");
    PlanStore.PlanWrite again = write(s, account, "cus_a", NOW.plusSeconds(5), paid(null));
    assertThat(again.pendingConversionAt()).as("still pending until counted").isEqualTo(NOW);
    s.conversionCounted(account, NOW.minusSeconds(1));
    assertThat(write(s, account, "cus_a", NOW, paid(null)).pendingConversionAt()).as("another conversion was counted")
        .isEqualTo(NOW);
    s.conversionCounted(account, NOW);
    assertThat(write(s, account, "cus_a", NOW.plusSeconds(9), paid(null)).pendingConversionAt()).isNull();
    assertThat(s.read(account)).contains(paid(null));
  }

  @Test
  void theBestPlanOverTheAccountsCustomersAndSubscriptionsWins() {
    PlanStore s = store();
    String account = TestRedis.uniqueUser("plan");
    write(s, account, "cus_a", NOW, paid(NOW.toEpochMilli() + 1000));
    write(s, account, "cus_b", NOW, canceled("sub_2"));
    assertThat(s.read(account).orElseThrow().until()).isEqualTo(NOW.toEpochMilli() + 1000);
    write(s, account, "cus_a", NOW, canceled("sub_1"), paid(NOW.toEpochMilli() + 5000, "sub_3"));
    assertThat(s.read(account).orElseThrow().subscriptionId()).isEqualTo("sub_3");
    write(s, account, "cus_a", NOW, canceled("sub_1"), canceled("sub_3"));
    assertThat(s.read(account).orElseThrow().plan()).isEqualTo("free");
    assertThat(s.read(account).orElseThrow().subscriptionId()).as("ties: lowest customer, then subscription").isEqualTo("sub_1");
  }

  @Test
  void aPaidPlanWhoseUntilPassedIsNotPaid() {
    PlanStore s = store();
    String account = TestRedis.uniqueUser("plan");
    PlanStore.PlanWrite w = write(s, account, "cus_a", NOW, paid(NOW.toEpochMilli() - 1));
    assertThat(w.isPaid()).isFalse();
    assertThat(w.pendingConversionAt()).isNull();
  }

  @Test
  void forgettingACustomerReDerivesThePlanFromTheOthersOrTheDefault() {
    PlanStore s = store();
    String account = TestRedis.uniqueUser("plan");
    write(s, account, "cus_a", NOW, paid(null));
    write(s, account, "cus_b", NOW, paid(NOW.toEpochMilli() + 1000, "sub_b"));
    PlanStore.PlanWrite w = s.forget(account, "cus_a", NOW);
    assertThat(w.isPaid()).isTrue();
    assertThat(s.read(account).orElseThrow().subscriptionId()).isEqualTo("sub_b");
    PlanStore.PlanWrite none = s.forget(account, "cus_b", NOW);
    assertThat(none.isPaid()).isFalse();
    assertThat(none.plan()).isNull();
    assertThat(s.read(account)).isEmpty();
    assertThat(s.forget(account, "cus_b", NOW).isPaid()).as("idempotent").isFalse();
  }

  @Test
  void aCustomerWithoutSubscriptionsLeavesThePlanAlone() {
    PlanStore s = store();
    String account = TestRedis.uniqueUser("plan");
    PlanStore.PlanWrite w = s.write(account, "cus_a", List.of(), Set.of(), Optional.of("ada@example.com"), NOW);
    assertThat(w.plan()).isNull();
    assertThat(s.read(account)).isEmpty();
  }

  @Test
  void theAccountsEntitlementsAreTheUnionOfItsCustomersAndLeaveWithAForgottenOne() {
    PlanStore s = store();
    String account = TestRedis.uniqueUser("plan");
    assertThat(s.entitlements(account)).isEmpty();
    s.write(account, "cus_a", List.of(paid(null)), Set.of("export"), Optional.empty(), NOW);
    s.write(account, "cus_b", List.of(), Set.of("beta", "export"), Optional.empty(), NOW);
    assertThat(s.entitlements(account)).containsExactly("beta", "export");
    s.write(account, "cus_a", List.of(paid(null)), Set.of(), Optional.empty(), NOW);
    assertThat(s.entitlements(account)).as("cus_a's removed, cus_b's stay").containsExactly("beta", "export");
    s.forget(account, "cus_b", NOW);
    assertThat(s.entitlements(account)).isEmpty();
    assertThat(s.read(account).orElseThrow().plan()).as("the plan is apart").isEqualTo("paid");
  }
}
