package dev.tollgate.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.meter.MeterLedger;
import dev.tollgate.usage.GateResult;
import dev.tollgate.usage.UsageOutcome;

/**
 * {@code usage.show}'s answer ({@code tollgate usage show --json} prints it as is): an
 * account's plan, gates as {@code member} sees them, overage per Stripe meter and credit
 * balance: {@code {"account", "user", "plan", "credits", "gates": [{loop, gate, used, limit,
 * resetAt}], "meters": {NAME: {counted, reported, inFlight}}, "stripeCustomer"}}.
 */
final class UsageDoc {
  private UsageDoc() {}

  static JsonObject of(AccountId account, UserId member, UsageOutcome o, MeterLedger.AccountMeters meters,
      long credits) {
    JsonObject doc = new JsonObject();
    doc.addProperty("account", account.value());
    doc.addProperty("user", member.value());
    doc.addProperty("plan", o.plan());
    doc.addProperty("credits", credits);
    JsonArray arr = new JsonArray();
    for (GateResult r : o.gates()) {
      JsonObject g = new JsonObject();
      g.addProperty("loop", r.gate().loop());
      g.addProperty("gate", r.gate().gateId());
      g.addProperty("used", r.used());
      g.addProperty("limit", r.limit());
      g.addProperty("resetAt", r.used() == 0 ? null : String.valueOf(r.resetAt()));
      arr.add(g);
    }
    doc.add("gates", arr);
    JsonObject m = new JsonObject();
    for (MeterLedger.Meter meter : meters.meters()) {
      JsonObject one = new JsonObject();
      one.addProperty("counted", meter.total());
      one.addProperty("reported", meter.reported());
      one.addProperty("inFlight", meter.entry() == null ? 0 : meter.entry().units());
      m.add(meter.name(), one);
    }
    doc.add("meters", m);
    doc.addProperty("stripeCustomer", meters.customer());
    return doc;
  }
}
