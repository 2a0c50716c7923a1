package dev.tollgate.plan;

import static dev.tollgate.plan.StripeJson.bool;
import static dev.tollgate.plan.StripeJson.idOf;
import static dev.tollgate.plan.StripeJson.obj;
import static dev.tollgate.plan.StripeJson.str;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tollgate.json.JsonText;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads active entitlements: the {@code entitlements.active_entitlement_summary} of an
 * {@code entitlements.active_entitlement_summary.updated} event ({@code customer},
 * {@code entitlements.data[].lookup_key}, {@code entitlements.has_more}) and the
 * {@code entitlements.active_entitlement} objects {@code GET /v1/entitlements/active_entitlements}
 * lists. A lookup key that cannot be stored ({@link ActiveEntitlements#storable}) is left out
 * with a note: no feature gate can name it, and refusing the event would make Stripe retry it
 * forever.
 */
final class StripeEntitlements {
  private StripeEntitlements() {}

  /** The summary as a change, or null when it lacks its customer or its list (noted). */
  static ActiveEntitlements summary(JsonObject summary, long created, List<String> notes) {
    String customer = idOf(summary, "customer");
    JsonObject list = obj(summary, "entitlements");
    JsonElement data = list == null ? null : list.get("data");
    if (customer == null || data == null || !data.isJsonArray()) {
      notes.add("entitlement summary without a customer or an entitlements list: not acted on");
      return null;
    }
    List<JsonObject> items = new ArrayList<>();
    for (JsonElement e : data.getAsJsonArray()) {
      items.add(e.isJsonObject() ? e.getAsJsonObject() : new JsonObject());
    }
    boolean complete = !bool(list, "has_more");
    if (!complete) {
      notes.add("Stripe listed part of the entitlements of " + JsonText.escape(customer)
          + " (has_more): the listed ones are added, none removed, until a complete summary or reconcile");
    }
    return new ActiveEntitlements(customer, lookupKeys(customer, items, notes), complete, created);
  }

  /** The storable lookup keys of {@code items} (active entitlements) of {@code customer}. */
  static List<String> lookupKeys(String customer, List<JsonObject> items, List<String> notes) {
    List<String> keys = new ArrayList<>();
    for (JsonObject item : items) {
      String key = str(item, "lookup_key");
      String why = key == null ? "missing" : ActiveEntitlements.storable(key);
      if (why == null) {
        keys.add(key);
      } else {
        String shown = key == null ? "" : " \"" + JsonText.escape(key.length() > 100 ? key.substring(0, 100) + "..." : key)
            + "\"";
        notes.add("lookup key" + shown + " of " + JsonText.escape(customer) + " dropped: " + why);
      }
    }
    return keys;
  }
}
