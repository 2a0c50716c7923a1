package dev.tollgate.stripe;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionListParams;
import dev.tollgate.plan.PlanSync;
import dev.tollgate.plan.StripeEventParser;
import dev.tollgate.plan.SubscriptionStore;
import java.time.Clock;

/**
 * Heals missed webhooks: re-reads customers' subscriptions through the Stripe API and
 * applies them as of now through the same path as events (so an older event arriving later
 * is stale), re-deriving the plan of every account a customer touches — the linked one and
 * any former account whose plan still holds the customer after a re-link.
 */
public final class StripeReconciler {
  private final StripeClient stripe;
  private final PlanSync sync;
  private final SubscriptionStore customers;
  private final Clock clock;

  /** A reconciler reading through {@code stripe} (e.g. {@code new StripeClient(System.getenv("STRIPE_API_KEY"))}). */
  public StripeReconciler(StripeClient stripe, PlanSync sync, SubscriptionStore customers, Clock clock) {
    this.stripe = stripe;
    this.sync = sync;
    this.customers = customers;
    this.clock = clock;
  }

  /** Re-reads every subscription (any status) of {@code customerId}; returns how many were applied. */
  public int reconcileCustomer(String customerId) throws StripeException {
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
        if (applied == 0) {
          // nothing to re-read, but former accounts may still hold this customer's plan
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
