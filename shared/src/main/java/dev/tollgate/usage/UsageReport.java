package dev.tollgate.usage;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.config.Period;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import java.util.TreeSet;

/**
 * The JSON {@code GET /usage} answers for one caller: {@code account}, {@code user},
 * {@code plan}, {@code features} (the plan's and Stripe Entitlements'), per gate (keyed by its
 * id: the loop name for a loop's first step) {@code used}, {@code limit} and {@code remaining}
 * (null = unlimited), {@code resetAt} (ISO-8601; null while an {@code Nd}/{@code Nh} window has
 * not started: it starts with the next counted call), {@code period}, and where configured the
 * caller's {@code member} share and the plan's {@code overage} ({@code used}, {@code cap}, null
 * = uncapped); feature gates show {@code feature} and {@code included}; {@code credits}
 * ({@code balance}, {@code nextExpiry}, {@code expiring}) when a loop uses credits.
 */
public final class UsageReport {
  private UsageReport() {}

  /** The answer for {@code user} of {@code account}, as read. */
  public static JsonObject of(GatingConfig config, AccountId account, UserId user, AccountUsage usage) {
    UsageOutcome o = usage.outcome();
    JsonObject doc = new JsonObject();
    doc.addProperty("account", account.value());
    doc.addProperty("user", user.value());
    doc.addProperty("plan", o.plan());
    TreeSet<String> features = new TreeSet<>(usage.entitlements());
    GatingConfig.Plan plan = config.plans().get(o.plan());
    if (plan != null) {
      features.addAll(plan.features());
    }
    JsonArray f = new JsonArray();
    features.forEach(f::add);
    doc.add("features", f);
    JsonObject loops = new JsonObject();
    for (GateResult r : o.gates()) {
      loops.add(r.gate().gateId(), gate(r, o.planIndex()));
    }
    doc.add("loops", loops);
    AccountUsage.Credits c = usage.credits();
    if (c != null) {
      JsonObject credits = new JsonObject();
      credits.addProperty("balance", c.balance());
      credits.addProperty("nextExpiry", c.nextExpiry() == null ? null : c.nextExpiry().toString());
      credits.addProperty("expiring", c.expiring());
      doc.add("credits", credits);
    }
    return doc;
  }

  private static JsonObject gate(GateResult r, int planIndex) {
    Gate g = r.gate();
    JsonObject j = new JsonObject();
    j.addProperty("loop", g.loop());
    if (g.kind() == Gate.Kind.FEATURE) {
      j.addProperty("feature", g.feature());
      j.addProperty("included", r.allowed());
      return j;
    }
    j.addProperty("period", g.period().toString());
    j.addProperty("used", r.used());
    j.add("limit", r.limit() < 0 ? JsonNull.INSTANCE : new JsonPrimitive(r.limit()));
    j.add("remaining", r.limit() < 0 ? JsonNull.INSTANCE : new JsonPrimitive(r.remaining()));
    // an Nd/Nh window starts with the first counted call: before it, the reply's window is hypothetical
    boolean notStarted = g.period().kind() == Period.Kind.FIXED && r.used() == 0 && r.overage() == 0;
    j.addProperty("resetAt", notStarted ? null : r.resetAt().toString());
    if (r.memberLimit() >= 0) {
      JsonObject m = new JsonObject();
      m.addProperty("used", r.memberUsed());
      m.addProperty("limit", r.memberLimit());
      j.add("member", m);
    }
    long cap = g.overageCap(planIndex);
    if (cap != Gate.NO_OVERAGE) {
      JsonObject m = new JsonObject();
      m.addProperty("used", r.overage());
      m.add("cap", cap < 0 ? JsonNull.INSTANCE : new JsonPrimitive(cap));
      j.add("overage", m);
    }
    return j;
  }
}
