package dev.tollgate.plan;

import static dev.tollgate.plan.StripeJson.addIfPresent;
import static dev.tollgate.plan.StripeJson.idOf;
import static dev.tollgate.plan.StripeJson.list;
import static dev.tollgate.plan.StripeJson.metadataUserId;
import static dev.tollgate.plan.StripeJson.obj;
import static dev.tollgate.plan.StripeJson.seconds;
import static dev.tollgate.plan.StripeJson.str;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a subscription invoice in any API version: its subscription is {@code subscription}
 * before 2025-03-31 and {@code parent.subscription_details.subscription} since; a line's price
 * is {@code price.id}, {@code pricing.price_details.price} or {@code plan.id}.
 */
final class StripeInvoices {
  private StripeInvoices() {}

  /** The outcome an {@code invoice.paid} / {@code invoice.payment_failed} tells, or null if it bills no subscription. */
  static InvoiceSnapshot invoice(JsonObject inv, boolean paid, long created) {
    String sub = idOf(inv, "subscription");
    JsonObject details = obj(inv, "subscription_details");
    JsonObject parent = obj(inv, "parent");
    if (obj(parent, "subscription_details") != null) {
      details = obj(parent, "subscription_details");
      sub = sub != null ? sub : idOf(details, "subscription");
    }
    List<String> prices = new ArrayList<>();
    Long ps = null;
    Long pe = null;
    for (JsonObject line : list(obj(inv, "lines"))) {
      addIfPresent(prices, linePrice(line));
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
    String user = details == null ? null : metadataUserId(obj(details, "metadata"));
    return new InvoiceSnapshot(sub, customer, paid, str(inv, "billing_reason"), prices, ps, pe, user, created);
  }

  private static String linePrice(JsonObject line) {
    JsonObject price = obj(line, "price");
    if (price != null && str(price, "id") != null) {
      return str(price, "id");
    }
    JsonObject details = obj(obj(line, "pricing"), "price_details");
    if (details != null) {
      return idOf(details, "price");
    }
    JsonObject plan = obj(line, "plan");
    return plan == null ? null : str(plan, "id");
  }
}
