package dev.tollgate.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.Map;

/**
 * Moves a recorded Stripe event to the present: its {@code created} becomes {@code now} and
 * every other timestamp in it (periods, trial and cancel times, invoice dates) moves by the
 * same amount, so a sample from months ago replays as if it had just happened (a period
 * that ended long ago would make a paid plan look lapsed).
 */
final class SampleTimes {
  /** Unix seconds of 2000-01-01 and 2100-01-01: integers outside are amounts or counts, not times. */
  private static final long MIN = 946_684_800L;
  private static final long MAX = 4_102_444_800L;

  private SampleTimes() {}

  /** Shifts {@code event} in place so that its {@code created} is {@code now}; a no-op without {@code created}. */
  static void shiftToNow(JsonObject event, Instant now) {
    JsonElement created = event.get("created");
    if (created == null || !isTime("created", created)) {
      return;
    }
    long delta = now.getEpochSecond() - created.getAsLong();
    shift(event, delta);
  }

  private static void shift(JsonElement e, long delta) {
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(x -> shift(x, delta));
    } else if (e.isJsonObject()) {
      for (Map.Entry<String, JsonElement> f : e.getAsJsonObject().entrySet()) {
        if (isTime(f.getKey(), f.getValue())) {
          f.setValue(new JsonPrimitive(f.getValue().getAsLong() + delta));
        } else {
          shift(f.getValue(), delta);
        }
      }
    }
  }

  /**
   * Stripe's timestamp fields: {@code created}, {@code start}/{@code end} (of a
   * {@code period}), {@code due_date}, and names ending in {@code _at}, {@code _start},
   * {@code _end}, {@code _date} or {@code _anchor}, holding plausible Unix seconds.
   */
  static boolean isTime(String key, JsonElement v) {
    if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
      return false;
    }
    boolean named = key.equals("created") || key.equals("start") || key.equals("end") || key.endsWith("_at")
        || key.endsWith("_start") || key.endsWith("_end") || key.endsWith("_date") || key.endsWith("_anchor");
    if (!named) {
      return false;
    }
    double d = v.getAsDouble();
    return d == Math.rint(d) && d >= MIN && d <= MAX;
  }
}
