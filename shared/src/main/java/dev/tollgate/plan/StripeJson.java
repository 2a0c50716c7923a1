package dev.tollgate.plan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Lenient readers of Stripe JSON: a field of the wrong type reads as absent. */
final class StripeJson {
  private StripeJson() {}

  /** The objects of a Stripe list's {@code data}. */
  static List<JsonObject> list(JsonObject stripeList) {
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
  static String idOf(JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e != null && e.isJsonObject()) {
      return str(e.getAsJsonObject(), "id");
    }
    return str(o, field);
  }

  static JsonObject obj(JsonObject o, String field) {
    JsonElement e = o == null ? null : o.get(field);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  static String str(JsonObject o, String field) {
    JsonElement e = o == null ? null : o.get(field);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  static boolean bool(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
  }

  /** An epoch-seconds field as epoch ms. */
  static Long seconds(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsLong() * 1000 : null;
  }

  static void addIfPresent(List<String> list, String value) {
    if (value != null && !list.contains(value)) {
      list.add(value);
    }
  }

  /** {@code metadata.userId} of an object's metadata, if present. */
  static String metadataUserId(JsonObject metadata) {
    return str(metadata, "userId");
  }
}
