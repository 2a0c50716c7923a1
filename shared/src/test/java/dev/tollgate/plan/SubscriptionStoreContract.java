package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.TestRedis;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link SubscriptionStore} must do; run against the fake and real Redis (single and cluster). */
public abstract class SubscriptionStoreContract {
  /** A fresh store. */
  protected abstract SubscriptionStore store();

  static SubscriptionSnapshot sub(String cus, String status, long observedAt, String accountId) {
    return new SubscriptionSnapshot("sub_1", cus, status, List.of("price_1PaidMonthly"), 1_000L, 2_000L, false, null,
        accountId, observedAt);
  }

  static CustomerLink link(String cus, String account, long at) {
    return new CustomerLink(cus, account, null, at, true);
  }

  @Test
  void keepsStateOfAnUnlinkedCustomerAndLinksLater() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    SubscriptionStore.Update u = s.apply(sub(cus, "active", 5_000, null));
    assertThat(u.applied()).isTrue();
    assertThat(u.state().accountId()).isNull();
    s.index(cus);
    CustomerState linked = s.apply(link(cus, "user-a", 6_000)).state();
    assertThat(linked.accountId()).isEqualTo("user-a");
    assertThat(linked.subscriptions().get("sub_1")).isEqualTo(sub(cus, "active", 5_000, null));
    assertThat(linked.formerAccounts()).isEmpty();
    assertThat(s.linkedCustomers()).contains(cus);
  }

  @Test
  void ignoresAnOlderSnapshotOfTheSameSubscription() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.apply(sub(cus, "canceled", 9_000, null));
    SubscriptionStore.Update older = s.apply(sub(cus, "active", 8_000, null));
    assertThat(older.applied()).isFalse();
    assertThat(older.state().subscriptions().get("sub_1").status()).isEqualTo("canceled");
  }

  @Test
  void inOneSecondTheLaterLifecycleStatusWinsWhateverTheOrder() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.apply(sub(cus, "active", 8_000, null));
    assertThat(s.apply(sub(cus, "incomplete", 8_000, null)).applied()).isFalse();
    assertThat(s.get(cus).subscriptions().get("sub_1").status()).isEqualTo("active");
  }

  @Test
  void invoiceOutcomesAreKeptApartAndOrderedToo() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    InvoiceSnapshot paid = new InvoiceSnapshot("sub_1", cus, true, "subscription_cycle", List.of("p"), 1L, 2L, null, 7_000);
    InvoiceSnapshot failed = new InvoiceSnapshot("sub_1", cus, false, "subscription_cycle", List.of("p"), 1L, 2L, null, 6_000);
    assertThat(s.apply(paid).applied()).isTrue();
    assertThat(s.apply(failed).applied()).isFalse();
    assertThat(s.get(cus).invoices().get("sub_1")).isEqualTo(paid);
  }

  @Test
  void metadataUserIdLinksOnlyACustomerWithoutAnExplicitLink() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    assertThat(s.apply(sub(cus, "active", 1_000, "meta-user")).state().accountId()).isEqualTo("meta-user");
    s.apply(link(cus, "checkout-user", 500));
    assertThat(s.apply(sub(cus, "active", 2_000, "meta-user")).state().accountId()).isEqualTo("checkout-user");
  }

  @Test
  void theLatestPaidPeriodIsKeptWhateverTheOrderAndUnpaidStatusesKeepNone() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.apply(sub(cus, "incomplete", 1_000, null));
    assertThat(s.get(cus).paidPeriods()).isEmpty();
    SubscriptionSnapshot canceled = new SubscriptionSnapshot("sub_1", cus, "canceled", List.of("p"), 5_000L, 6_000L, false, null,
        null, 9_000);
    s.apply(canceled);
    s.apply(sub(cus, "active", 8_000, null));
    assertThat(s.get(cus).subscriptions().get("sub_1").status()).as("the stale active snapshot").isEqualTo("canceled");
    assertThat(s.get(cus).paidPeriods().get("sub_1")).as("...still tells the last paid period")
        .isEqualTo(new PaidPeriod(8_000, 1_000, 2_000));
    s.apply(sub(cus, "active", 7_000, null));
    assertThat(s.get(cus).paidPeriods().get("sub_1").observedAt()).isEqualTo(8_000);
  }

  @Test
  void theLaterExplicitLinkWinsWhateverTheArrivalOrderAndTheOneItReplacesIsFormer() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.apply(link(cus, "first", 1_000));
    CustomerState relinked = s.apply(link(cus, "second", 2_000)).state();
    assertThat(relinked.accountId()).isEqualTo("second");
    assertThat(relinked.formerAccounts()).containsExactly("first");
    SubscriptionStore.Update late = s.apply(link(cus, "first", 1_000));
    assertThat(late.applied()).as("an older link delivered late").isFalse();
    assertThat(late.state().accountId()).isEqualTo("second");
    assertThat(s.apply(link(cus, "second", 2_000)).applied()).as("the same link again").isTrue();
    s.formerSettled(cus, "first");
    assertThat(s.get(cus).formerAccounts()).isEmpty();
    CustomerState back = s.apply(link(cus, "first", 3_000)).state();
    assertThat(back.accountId()).isEqualTo("first");
    assertThat(back.formerAccounts()).containsExactly("second");
  }
}
