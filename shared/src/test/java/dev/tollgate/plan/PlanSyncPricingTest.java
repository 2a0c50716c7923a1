package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tollgate.conversion.ConversionMetrics;
import dev.tollgate.conversion.Funnel;
import dev.tollgate.conversion.InMemoryFunnel;
import dev.tollgate.credits.CreditStore;
import dev.tollgate.credits.InMemoryCreditStore;
import dev.tollgate.identity.AccountId;
import dev.tollgate.testing.FaultyPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link PlanSync} with entitlements and Checkout credits, over the in-memory fakes. */
class PlanSyncPricingTest {
  private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
  private static final String CUSTOMER = "cus_QtgDemo0001";
  private static final StatusRules RULES = new StatusRules("free",
      price -> price.startsWith("price_1Paid") ? Optional.of("paid") : Optional.empty(), Duration.ofDays(3));

  private static final class World {
    final InMemorySubscriptionStore customers = new InMemorySubscriptionStore();
    final InMemoryPlanStore plans = new InMemoryPlanStore("free");
    final InMemoryCreditStore credits = new InMemoryCreditStore();
    final FaultyPorts faults = new FaultyPorts();
    final PlanSync sync = new PlanSync(faults.wrap(SubscriptionStore.class, customers), faults.wrap(PlanStore.class, plans),
        faults.wrap(CreditStore.class, credits), faults.wrap(ProcessedEvents.class, new InMemoryProcessedEvents()),
        faults.wrap(Funnel.class, new InMemoryFunnel()), new ConversionMetrics(l -> { }), RULES, Duration.ofDays(30),
        Clock.fixed(NOW, ZoneOffset.UTC));

    long balance(String account) {
      return credits.show(AccountId.parse(account), NOW).balance();
    }
  }

  /** A sample event, its {@code data.object} changed by {@code edit}, under event id {@code id}. */
  private static StripeEvent sample(String file, String id, Consumer<JsonObject> edit) {
    try {
      String apigw = Files.readString(Path.of("../events/stripe-webhook", file));
      JsonObject e = JsonParser.parseString(JsonParser.parseString(apigw).getAsJsonObject().get("body").getAsString())
          .getAsJsonObject();
      if (id != null) {
        e.addProperty("id", id);
      }
      edit.accept(e.getAsJsonObject("data").getAsJsonObject("object"));
      return StripeEventParser.parse(e.toString());
    } catch (java.io.IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static StripeEvent sample(String file) {
    return sample(file, null, o -> { });
  }

  /** A checkout linking {@link #CUSTOMER} to {@code account} at {@code created} (epoch s). */
  private static StripeEvent checkoutFor(String account, long created) {
    StripeEvent base = sample("checkout.session.completed.json", "evt_link_" + account + created,
        o -> o.addProperty("client_reference_id", account));
    CustomerLink l = (CustomerLink) base.change().orElseThrow();
    return new StripeEvent(base.id(), base.type(), created * 1000, base.apiVersion(),
        Optional.of(new CustomerLink(l.customerId(), l.account(), l.emailAddress(), created * 1000, true)));
  }

  @Test
  void aRetryAfterAFailureAtAnyStepGrantsTheCreditsOnceAndToTheFirstClaimantOnly() {
    StripeEvent succeeded = sample("checkout.session.async_payment_succeeded.json");
    World clean = new World();
    clean.sync.handle(checkoutFor("user_42", 1767225601));
    clean.faults.reset();
    clean.sync.handle(succeeded);
    int steps = clean.faults.calls();
    assertThat(clean.balance("user_42")).isEqualTo(2000);
    for (boolean after : new boolean[] {true, false}) {
      for (int k = 1; k <= steps; k++) {
        World w = new World();
        w.sync.handle(checkoutFor("user_42", 1767225601));
        w.faults.failAt(k, after);
        assertThatThrownBy(() -> w.sync.handle(succeeded)).hasMessageContaining("injected");
        w.faults.reset();
        // the customer moves to another account before Stripe retries
        w.sync.handle(checkoutFor("other", 1767300000));
        w.sync.handle(succeeded);
        w.sync.handle(sample("checkout.session.async_payment_succeeded.json", "evt_again", o -> { }));
        long first = w.balance("user_42");
        long second = w.balance("other");
        assertThat(first + second).as("step %d of %d (after: %s): granted once", k, steps, after).isEqualTo(2000);
        assertThat(w.customers.get(CUSTOMER).credits()).isEmpty();
      }
    }
  }

  @Test
  void aPurchaseOfAnUnlinkedCustomerWaitsForItsLinkAndARetriedOrRepeatedSessionGrantsNothingMore() {
    World w = new World();
    PlanSync.Result kept = w.sync.handle(sample("checkout.session.async_payment_succeeded.json"));
    assertThat(kept.outcome()).isEqualTo(PlanSync.Outcome.APPLIED);
    assertThat(kept.detail()).contains("kept until customer cus_QtgDemo0001 is linked");
    assertThat(w.balance("user_42")).isZero();
    PlanSync.Result linked = w.sync.handle(sample("checkout.session.completed.json"));
    assertThat(linked.detail()).contains("2000 credits granted to user_42");
    assertThat(w.balance("user_42")).isEqualTo(2000);
    assertThat(w.sync.handle(sample("checkout.session.async_payment_succeeded.json")).outcome())
        .isEqualTo(PlanSync.Outcome.DUPLICATE);
    StripeEvent direct = sample("checkout.session.completed.credits.json");
    w.sync.handle(direct);
    assertThat(w.sync.handle(sample("checkout.session.completed.credits.json", "evt_redelivered", o -> { })).detail())
        .contains("granted before");
    assertThat(w.balance("user_42")).isEqualTo(2500);
  }

  @Test
  void entitlementsWaitForTheLinkAndMoveWithTheCustomer() {
    World w = new World();
    PlanSync.Result unlinked = w.sync.handle(sample("entitlements.active_entitlement_summary.updated.json"));
    assertThat(unlinked.detail()).contains("kept until linked");
    w.sync.handle(checkoutFor("user_42", 1767225601));
    assertThat(w.plans.entitlements("user_42")).containsExactly("export", "priority-support");
    w.sync.handle(checkoutFor("other", 1767300000));
    assertThat(w.plans.entitlements("other")).containsExactly("export", "priority-support");
    assertThat(w.plans.entitlements("user_42")).as("the account the customer left").isEmpty();
    PlanSync.Result older = w.sync.handle(sample("entitlements.active_entitlement_summary.updated.json", "evt_older",
        o -> o.getAsJsonObject("entitlements").add("data", new com.google.gson.JsonArray())));
    assertThat(older.outcome()).as("same created: the content decides, in any arrival order").isEqualTo(PlanSync.Outcome.STALE);
    assertThat(w.plans.entitlements("other"))
        .containsExactly("export", "priority-support");
    w.sync.handle(sample("entitlements.active_entitlement_summary.updated.removed.json"));
    assertThat(w.plans.entitlements("other")).isEmpty();
    assertThat(w.sync.handle(sample("entitlements.active_entitlement_summary.updated.json", "evt_late", o -> { })).outcome())
        .as("an older summary delivered late").isEqualTo(PlanSync.Outcome.STALE);
    assertThat(w.plans.entitlements("other")).isEmpty();
  }

  @Test
  void whatAnEventLeavesOutIsInItsDetailEvenWhenNothingElseIsActedOn() {
    World w = new World();
    PlanSync.Result r = w.sync.handle(sample("checkout.session.completed.credits.json", null,
        o -> o.getAsJsonObject("metadata").addProperty("tollgate_credits", "lots")));
    assertThat(r.outcome()).isEqualTo(PlanSync.Outcome.IGNORED);
    assertThat(r.detail()).contains("not acted on", "\"lots\"", "not granted");
    assertThat(w.faults.calls()).as("touched no store").isZero();
  }
}
