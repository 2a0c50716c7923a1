package dev.tollgate.plan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Stripe events and objects from their raw JSON, in any API version: fields that moved
 * are read from both places (the subscription period moved onto {@code items.data[]} in
 * 2025-03-31; an invoice's subscription moved to {@code parent.subscription_details}, its
 * line prices to {@code pricing.price_details}). Nothing here depends on stripe-java's
 * pinned version, so no event is dropped for being rendered in another one.
 */
public final class StripeEventParser {
  private StripeEventParser() {}

  /**
   * Parses an event body.
   *
   * @throws IllegalArgumentException if the body is not a Stripe event (no JSON object,
   *     no {@code id}/{@code type}/{@code created}/{@code data.object})
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
    JsonObject object = data == null ? null : obj(data, "object");
    if (id == null || type == null || created == null || object == null || !"event".equals(str(event, "object"))) {
      throw new IllegalArgumentException("body is not a Stripe event (needs object=event, id, type, created, data.object)");
    }
    return new StripeEvent(id, type, created, str(event, "api_version"), change(type, object, created));
  }

  /** A subscription object (from an event or the API) as observed at {@code observedAtMs}. */
  public static SubscriptionSnapshot subscription(JsonObject sub, long observedAtMs) {
    List<String> prices = new ArrayList<>();
    Long ps = seconds(sub, "current_period_start");
    Long pe = seconds(sub, "current_period_end");
    JsonObject items = obj(sub, "items");
    for (JsonObject item : list(items)) {
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
        bool(sub, "cancel_at_period_end"), seconds(sub, "cancel_at"), userId(obj(sub, "metadata")), observedAtMs);
  }

  private static Object change(String type, JsonObject object, long created) {
    switch (type) {
      case "checkout.session.completed": {
        JsonObject details = obj(object, "customer_details");
        String email = details != null && str(details, "email") != null ? str(details, "email") : str(object, "customer_email");
        String user = str(object, "client_reference_id");
        String customer = idOf(object, "customer");
        user = user != null ? user : userId(obj(object, "metadata"));
        return customer == null || user == null ? null : new CheckoutLink(customer, user, email);
      }
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
        return invoice(object, type.equals("invoice.paid"), created);
      default:
        return null;
    }
  }

  private static InvoiceSnapshot invoice(JsonObject inv, boolean paid, long created) {
    String sub = idOf(inv, "subscription");
    JsonObject details = obj(inv, "subscription_details");
    JsonObject parent = obj(inv, "parent");
    if (parent != null && obj(parent, "subscription_details") != null) {
      details = obj(parent, "subscription_details");
      sub = sub != null ? sub : idOf(details, "subscription");
    }
    List<String> prices = new ArrayList<>();
    Long ps = null;
    Long pe = null;
    for (JsonObject line : list(obj(inv, "lines"))) {
      String price = linePrice(line);
      addIfPresent(prices, price);
      JsonObject period = obj(line, "period");
      Long end = period == null ? null : seconds(period, "end");
      if (end != null && (pe == null || end > pe)) {
        pe = end;
        ps = seconds(period, "start");
      }
    }
    String customer = idOf(inv, "customer");
    if (sub == null || customer == null) {
      return null;
    }
    String user = details == null ? null : userId(obj(details, "metadata"));
    return new InvoiceSnapshot(sub, customer, paid, str(inv, "billing_reason"), prices, ps, pe, user, created);
  }

  private static String linePrice(JsonObject line) {
    JsonObject price = obj(line, "price");
    if (price != null && str(price, "id") != null) {
      return str(price, "id");
    }
    JsonObject pricing = obj(line, "pricing");
    JsonObject details = pricing == null ? null : obj(pricing, "price_details");
    if (details != null) {
      return idOf(details, "price");
    }
    JsonObject plan = obj(line, "plan");
    return plan == null ? null : str(plan, "id");
  }

  private static String userId(JsonObject metadata) {
    return metadata == null ? null : str(metadata, "userId");
  }

  private static void addIfPresent(List<String> list, String value) {
    if (value != null && !list.contains(value)) {
      list.add(value);
    }
  }

  private static List<JsonObject> list(JsonObject stripeList) {
    List<JsonObject> out = new ArrayList<>();
    JsonElement data = stripeList == null ? null : stripeList.get("data");
    if (data != null && data.isJsonArray()) {
      JsonArray array = data.getAsJsonArray();
      for (JsonElement e : array) {
        if (e.isJsonObject()) {
          out.add(e.getAsJsonObject());
        }
      }
    }
    return out;
  }

  /** A field that is an id or an expanded object with an id. */
  private static String idOf(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e != null && e.isJsonObject()) {
      return str(e.getAsJsonObject(), "id");
    }
    return str(o, field);
  }

  private static JsonObject obj(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  private static String str(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  private static boolean bool(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
  }

  /** An epoch-seconds field as epoch ms. */
  private static Long seconds(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsLong() * 1000 : null;
  }
}
