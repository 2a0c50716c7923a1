package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.testing.TestRedis;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link SubscriptionStore} must do; run against the fake and real Redis. */
public abstract class SubscriptionStoreContract {
  /** A fresh store. */
  protected abstract SubscriptionStore store();

  static SubscriptionSnapshot sub(String cus, String status, long observedAt, String userId) {
    return new SubscriptionSnapshot("sub_1", cus, status, List.of("price_1PaidMonthly"), 1_000L, 2_000L, false, null,
        userId, observedAt);
  }

  @Test
  void keepsStateOfAnUnlinkedCustomerAndLinksLater() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    SubscriptionStore.Update u = s.applySubscription(sub(cus, "active", 5_000, null));
    assertThat(u.applied()).isTrue();
    assertThat(u.state().userId()).isNull();
    CustomerState linked = s.link(cus, "user-a");
    assertThat(linked.userId()).isEqualTo("user-a");
    assertThat(linked.subscriptions().get("sub_1")).isEqualTo(sub(cus, "active", 5_000, null));
    assertThat(s.linkedCustomers()).contains(cus);
  }

  @Test
  void ignoresAnOlderSnapshotOfTheSameSubscription() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.applySubscription(sub(cus, "canceled", 9_000, null));
    SubscriptionStore.Update older = s.applySubscription(sub(cus, "active", 8_000, null));
    assertThat(older.applied()).isFalse();
    assertThat(older.state().subscriptions().get("sub_1").status()).isEqualTo("canceled");
  }

  @Test
  void inOneSecondTheLaterLifecycleStatusWinsWhateverTheOrder() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    s.applySubscription(sub(cus, "active", 8_000, null));
    assertThat(s.applySubscription(sub(cus, "incomplete", 8_000, null)).applied()).isFalse();
    assertThat(s.get(cus).subscriptions().get("sub_1").status()).isEqualTo("active");
  }

  @Test
  void invoiceOutcomesAreKeptApartAndOrderedToo() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    InvoiceSnapshot paid = new InvoiceSnapshot("sub_1", cus, true, "subscription_cycle", List.of("p"), 1L, 2L, null, 7_000);
    InvoiceSnapshot failed = new InvoiceSnapshot("sub_1", cus, false, "subscription_cycle", List.of("p"), 1L, 2L, null, 6_000);
    assertThat(s.applyInvoice(paid).applied()).isTrue();
    assertThat(s.applyInvoice(failed).applied()).isFalse();
    assertThat(s.get(cus).invoices().get("sub_1")).isEqualTo(paid);
  }

  @Test
  void metadataUserIdLinksOnlyAnUnlinkedCustomer() {
    SubscriptionStore s = store();
    String cus = TestRedis.uniqueUser("cus");
    assertThat(s.applySubscription(sub(cus, "active", 1_000, "meta-user")).state().userId()).isEqualTo("meta-user");
    s.link(cus, "checkout-user");
    assertThat(s.applySubscription(sub(cus, "active", 2_000, "meta-user")).state().userId()).isEqualTo("checkout-user");
  }
}
