package dev.tollgate.stripe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.entitlements.ActiveEntitlement;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.entitlements.ActiveEntitlementListParams;
import dev.tollgate.plan.PlanSync;
import dev.tollgate.plan.StripeEventParser;
import dev.tollgate.plan.SubscriptionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Heals missed webhooks: re-reads customers' subscriptions (and, when feature gates read them,
 * their active entitlements) through the Stripe API and applies them as of now through the
 * same path as events (so an older event arriving later is stale), re-deriving the plan and
 * entitlements of every account a customer touches — the linked one and any former account
 * whose plan still holds the customer after a re-link.
 */
public final class StripeReconciler {
  private final StripeClient stripe;
  private final PlanSync sync;
  private final SubscriptionStore customers;
  private final Clock clock;
  private final boolean entitlements;
  private final Consumer<String> log;

  /**
   * A reconciler reading through {@code stripe} (e.g. {@code new StripeClient(System.getenv("STRIPE_API_KEY"))});
   * with {@code entitlements} it also re-reads each customer's active entitlements.
   */
  public StripeReconciler(StripeClient stripe, PlanSync sync, SubscriptionStore customers, Clock clock,
      boolean entitlements) {
    this(stripe, sync, customers, clock, entitlements, System.out::println);
  }

  /** As above; lookup keys that cannot be stored are logged to {@code log}. */
  public StripeReconciler(StripeClient stripe, PlanSync sync, SubscriptionStore customers, Clock clock,
      boolean entitlements, Consumer<String> log) {
    this.stripe = stripe;
    this.sync = sync;
    this.customers = customers;
    this.clock = clock;
    this.entitlements = entitlements;
    this.log = log;
  }

  /**
   * Re-reads every subscription (any status) of {@code customerId}, then its active
   * entitlements if asked to; returns how many subscriptions were applied.
   */
  public int reconcileCustomer(String customerId) throws StripeException {
    int applied = subscriptions(customerId);
    if (entitlements) {
      activeEntitlements(customerId);
    }
    return applied;
  }

  /**
   * Reads {@code GET /v1/entitlements/active_entitlements?customer=...} to the last page and
   * applies the whole list, as of now (so a summary event older than this read is stale).
   */
  private void activeEntitlements(String customerId) throws StripeException {
    List<JsonObject> listed = new ArrayList<>();
    String after = null;
    while (true) {
      ActiveEntitlementListParams.Builder params = ActiveEntitlementListParams.builder().setCustomer(customerId)
          .setLimit(100L);
      if (after != null) {
        params.setStartingAfter(after);
      }
      StripeCollection<ActiveEntitlement> page = stripe.v1().entitlements().activeEntitlements().list(params.build());
      JsonObject list = JsonParser.parseString(page.getLastResponse().body()).getAsJsonObject();
      for (JsonElement item : list.getAsJsonArray("data")) {
        listed.add(item.getAsJsonObject());
        after = item.getAsJsonObject().get("id").getAsString();
      }
      JsonElement more = list.get("has_more");
      if (more == null || !more.getAsBoolean() || after == null) {
        break;
      }
    }
    List<String> notes = new ArrayList<>();
    PlanSync.Result r = sync.reconcile(StripeEventParser.activeEntitlements(customerId, listed, clock.millis(), notes));
    notes.forEach(n -> log.accept("stripe reconcile: " + n));
    log.accept("stripe reconcile " + customerId + ": " + r.detail());
  }

  private int subscriptions(String customerId) throws StripeException {
    int applied = 0;
    String after = null;
    while (true) {
      SubscriptionListParams.Builder params = SubscriptionListParams.builder().setCustomer(customerId)
          .setStatus(SubscriptionListParams.Status.ALL).setLimit(100L);
      if (after != null) {
        params.setStartingAfter(after);
      }
      StripeCollection<Subscription> page = stripe.v1().subscriptions().list(params.build());
      JsonObject list = JsonParser.parseString(page.getLastResponse().body()).getAsJsonObject();
      long now = clock.millis();
      for (JsonElement sub : list.getAsJsonArray("data")) {
        sync.reconcile(StripeEventParser.subscription(sub.getAsJsonObject(), now));
        after = sub.getAsJsonObject().get("id").getAsString();
        applied++;
      }
      JsonElement more = list.get("has_more");
      if (more == null || !more.getAsBoolean() || after == null) {
        if (applied == 0 && !entitlements) {
          // nothing to re-read, but former accounts may still hold this customer's plan
          // (with entitlements, applying them re-derives every account the customer touches)
          sync.rederive(customerId);
        }
        return applied;
      }
    }
  }

  /** Reconciles every customer linked to a user; returns how many subscriptions were applied. */
  public int reconcileAll() throws StripeException {
    int applied = 0;
    for (String customer : customers.linkedCustomers()) {
      applied += reconcileCustomer(customer);
    }
    return applied;
  }
}
