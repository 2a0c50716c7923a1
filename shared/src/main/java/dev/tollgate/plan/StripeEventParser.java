package dev.tollgate.plan;

import static dev.tollgate.plan.StripeJson.addIfPresent;
import static dev.tollgate.plan.StripeJson.bool;
import static dev.tollgate.plan.StripeJson.idOf;
import static dev.tollgate.plan.StripeJson.list;
import static dev.tollgate.plan.StripeJson.metadataUserId;
import static dev.tollgate.plan.StripeJson.obj;
import static dev.tollgate.plan.StripeJson.seconds;
import static dev.tollgate.plan.StripeJson.str;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.tollgate.identity.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Stripe events and objects from their raw JSON, in any API version: fields that moved
 * are read from both places (the subscription period moved onto {@code items.data[]} in
 * 2025-03-31; an invoice's subscription moved to {@code parent.subscription_details}, its
 * line prices to {@code pricing.price_details}). Nothing here depends on stripe-java's
 * pinned version, so no event is dropped for being rendered in another one.
 *
 * <p>Everything wrong with a request is found here, before anything is stored: a body that is
 * not an event, or an event whose ids could not be used as keys, is an
 * {@link IllegalArgumentException} (the webhook's 400). Whatever fails later is not the
 * request's fault.
 */
public final class StripeEventParser {
  /** The event types Tollgate acts on: what a webhook endpoint must subscribe to. */
  public static final List<String> EVENT_TYPES = List.of("checkout.session.completed",
      "checkout.session.async_payment_succeeded", "customer.created", "customer.updated", "customer.subscription.created",
      "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.paused",
      "customer.subscription.resumed", "invoice.paid", "invoice.payment_failed",
      "entitlements.active_entitlement_summary.updated");
  private static final String ACCOUNT = "account id (client_reference_id or metadata.userId)";

  private StripeEventParser() {}

  /**
   * Parses an event body.
   *
   * @throws IllegalArgumentException if the body is not a Stripe event (no JSON object,
   *     no {@code id}/{@code type}/{@code created}/{@code data.object}) or carries an id that
   *     cannot be used (empty, too long, control characters or braces)
   */
  public static StripeEvent parse(String body) {
    JsonObject event;
    try {
      JsonElement root = JsonParser.parseString(body);
      if (!root.isJsonObject()) {
        throw new IllegalArgumentException("body is not a JSON object");
      }
      event = root.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("body is not JSON");
    }
    String id = str(event, "id");
    String type = str(event, "type");
    Long created = seconds(event, "created");
    JsonObject data = obj(event, "data");
    JsonObject object = obj(data, "object");
    if (id == null || type == null || created == null || object == null || !"event".equals(str(event, "object"))) {
      throw new IllegalArgumentException("body is not a Stripe event (needs object=event, id, type, created, data.object)");
    }
    List<String> notes = new ArrayList<>();
    Optional<StripeChange> change = Optional.ofNullable(change(type, data, object, created, notes));
    Optional<CreditPurchase> credits = Optional.ofNullable(credits(type, object, created, notes));
    if (change.isPresent() || credits.isPresent()) {
      usable("event id", id);
    }
    if (change.isPresent()) {
      usable("customer", change.get().customerId());
      change.get().accountId().ifPresent(a -> usable(ACCOUNT, a));
      change.get().subscription().ifPresent(s -> usable("subscription", s));
    }
    if (credits.isPresent()) {
      usable("checkout session", credits.get().sessionId());
      if (credits.get().customerId() != null) {
        usable("customer", credits.get().customerId());
      }
      if (credits.get().account() != null) {
        usable(ACCOUNT, credits.get().account());
      }
    }
    return new StripeEvent(id, type, created, str(event, "api_version"), change, credits, notes);
  }

  /**
   * The active entitlements {@code GET /v1/entitlements/active_entitlements} listed for
   * {@code customerId} (every page: a complete list), as read at {@code observedAtMs};
   * lookup keys that cannot be stored are left out, each with a note in {@code notes}.
   */
  public static ActiveEntitlements activeEntitlements(String customerId, List<JsonObject> listed, long observedAtMs,
      List<String> notes) {
    return new ActiveEntitlements(customerId, StripeEntitlements.lookupKeys(customerId, listed, notes), true,
        observedAtMs);
  }

  /** A subscription object (from an event or the API) as observed at {@code observedAtMs}. */
  public static SubscriptionSnapshot subscription(JsonObject sub, long observedAtMs) {
    List<String> prices = new ArrayList<>();
    Long ps = seconds(sub, "current_period_start");
    Long pe = seconds(sub, "current_period_end");
    for (JsonObject item : list(obj(sub, "items"))) {
      JsonObject price = obj(item, "price");
      addIfPresent(prices, price != null ? str(price, "id") : str(item, "price"));
      Long itemStart = seconds(item, "current_period_start");
      Long itemEnd = seconds(item, "current_period_end");
      if (itemEnd != null && (pe == null || itemEnd > pe)) {
        pe = itemEnd;
        ps = itemStart;
      }
    }
    if (prices.isEmpty()) {
      JsonObject plan = obj(sub, "plan");
      addIfPresent(prices, plan == null ? null : str(plan, "id"));
    }
    return new SubscriptionSnapshot(str(sub, "id"), idOf(sub, "customer"), str(sub, "status"), prices, ps, pe,
        bool(sub, "cancel_at_period_end"), seconds(sub, "cancel_at"), metadataUserId(obj(sub, "metadata")), observedAtMs);
  }

  private static StripeChange change(String type, JsonObject data, JsonObject object, long created, List<String> notes) {
    switch (type) {
      case "checkout.session.completed":
        return checkout(object, created);
      case "entitlements.active_entitlement_summary.updated":
        return StripeEntitlements.summary(object, created, notes);
      case "customer.created":
      case "customer.updated":
        return customer(object, created, type.equals("customer.created") || metadataChanged(data));
      case "customer.subscription.created":
      case "customer.subscription.updated":
      case "customer.subscription.deleted":
      case "customer.subscription.paused":
      case "customer.subscription.resumed": {
        SubscriptionSnapshot s = subscription(object, created);
        return s.id() == null || s.customerId() == null || s.status() == null ? null : s;
      }
      case "invoice.paid":
      case "invoice.payment_failed":
        return StripeInvoices.invoice(object, type.equals("invoice.paid"), created);
      default:
        return null;
    }
  }

  private static CustomerLink checkout(JsonObject session, long created) {
    JsonObject details = obj(session, "customer_details");
    String email = str(details, "email") != null ? str(details, "email") : str(session, "customer_email");
    String account = sessionAccount(session);
    String customer = idOf(session, "customer");
    return customer == null || account == null ? null : new CustomerLink(customer, account, email, created, true);
  }

  /** The account a Checkout Session names: decoded {@code client_reference_id}, else {@code metadata.userId}. */
  private static String sessionAccount(JsonObject session) {
    String reference = str(session, "client_reference_id");
    return reference != null ? ClientReferenceId.decode(reference) : metadataUserId(obj(session, "metadata"));
  }

  /** The credits a paid session grants ({@code checkout.session.completed} or its async payment succeeding). */
  private static CreditPurchase credits(String type, JsonObject session, long created, List<String> notes) {
    if (!type.equals("checkout.session.completed") && !type.equals("checkout.session.async_payment_succeeded")) {
      return null;
    }
    return StripeCredits.purchase(session, sessionAccount(session), created, notes);
  }

  /** A customer that carries {@code metadata.userId}; explicit when created or when its metadata just changed. */
  private static CustomerLink customer(JsonObject customer, long created, boolean explicit) {
    String account = metadataUserId(obj(customer, "metadata"));
    String id = str(customer, "id");
    return id == null || account == null ? null : new CustomerLink(id, account, str(customer, "email"), created, explicit);
  }

  /** Whether a {@code *.updated} event says its object's metadata changed ({@code previous_attributes.metadata}). */
  private static boolean metadataChanged(JsonObject data) {
    JsonObject previous = obj(data, "previous_attributes");
    return previous != null && previous.has("metadata");
  }

  private static void usable(String what, String id) {
    if (!UserId.isValid(id)) {
      throw new IllegalArgumentException("event carries an unusable " + what
          + " (empty, longer than " + UserId.MAX_BYTES + " bytes, control characters or braces)");
    }
  }
}
