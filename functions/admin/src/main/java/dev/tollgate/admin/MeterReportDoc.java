package dev.tollgate.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.tollgate.meter.MeterDeadLetter;
import dev.tollgate.meter.MeterQueue;

/**
 * The report's overage section, per account: meter events dead-lettered (Stripe refused them
 * every time, or their outcome stayed unknown), accounts whose overage waits for a linked
 * Stripe customer, and how many accounts are waiting to be reported:
 * {@code {"deadLetters": [{account, meter, units, customer, identifier, attempts, error, at}],
 * "waitingForCustomer": [{account, units: {METER: n}, since}], "accountsToReport"}}.
 */
final class MeterReportDoc {
  /** Entries read at most from each set. */
  static final int MAX = 10_000;

  private MeterReportDoc() {}

  static JsonObject of(MeterQueue q) {
    JsonObject o = new JsonObject();
    JsonArray d = new JsonArray();
    for (MeterDeadLetter x : q.deadLetters(MAX)) {
      JsonObject e = new JsonObject();
      e.addProperty("account", x.account().value());
      e.addProperty("meter", x.meter());
      e.addProperty("units", x.units());
      e.addProperty("customer", x.customer());
      e.addProperty("identifier", x.identifier());
      e.addProperty("attempts", x.attempts());
      e.addProperty("error", x.error());
      e.addProperty("at", x.at().toString());
      d.add(e);
    }
    o.add("deadLetters", d);
    JsonArray h = new JsonArray();
    for (MeterQueue.Held x : q.held(MAX)) {
      JsonObject e = new JsonObject();
      e.addProperty("account", x.account().value());
      JsonObject units = new JsonObject();
      x.units().forEach((meter, n) -> units.add(meter, new JsonPrimitive(n)));
      e.add("units", units);
      e.addProperty("since", x.since().toString());
      h.add(e);
    }
    o.add("waitingForCustomer", h);
    o.addProperty("accountsToReport", q.indexed());
    return o;
  }
}
