package dev.tollgate.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.identity.AccountId;
import dev.tollgate.testing.Concurrently;
import dev.tollgate.testing.TestRedis;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link CreditStore} must do; run against the fake and real Redis (single and cluster). */
public abstract class CreditStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  /** A fresh store. */
  protected abstract CreditStore store();

  private static AccountId account() {
    return AccountId.parse(TestRedis.uniqueUser("credits"));
  }

  @Test
  void aGrantIdGrantsOnceAndItsFirstTermsStay() {
    CreditStore s = store();
    AccountId a = account();
    assertThat(s.grant(a, "cs_1", 500, null, T0)).isTrue();
    assertThat(s.grant(a, "cs_1", 900, T0.plusSeconds(5), T0.plusSeconds(1))).as("a retried webhook").isFalse();
    CreditStore.Credits c = s.show(a, T0.plusSeconds(2));
    assertThat(c.balance()).isEqualTo(500);
    assertThat(c.grants()).containsExactly(new CreditStore.Grant("cs_1", 500, null, T0, 500));
  }

  @Test
  void theBalanceCountsLiveGrantsOnlyAndListsTheNewestFirst() {
    CreditStore s = store();
    AccountId a = account();
    s.grant(a, "cs_old", 100, T0.plusSeconds(60), T0);
    s.grant(a, "cs_new", 7, null, T0.plusSeconds(1));
    assertThat(s.show(a, T0.plusSeconds(59)).balance()).isEqualTo(107);
    CreditStore.Credits later = s.show(a, T0.plusSeconds(60));
    assertThat(later.balance()).as("the first grant lapsed").isEqualTo(7);
    assertThat(later.grants()).extracting(CreditStore.Grant::id).containsExactly("cs_new", "cs_old");
    assertThat(s.show(account(), T0).balance()).isZero();
  }

  @Test
  void aGrantOfNothingIsRefused() {
    assertThatThrownBy(() -> store().grant(account(), "cs_0", 0, null, T0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneGrantIdRacedFromManyThreadsGrantsOnce() throws Exception {
    CreditStore s = store();
    AccountId a = account();
    assertThat(Concurrently.countTrue(64, 8, () -> s.grant(a, "cs_race", 10, null, T0))).isEqualTo(1);
    assertThat(s.show(a, T0).balance()).isEqualTo(10);
  }
}
