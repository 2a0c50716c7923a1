package dev.tollgate.events;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.tollgate.conversion.Conversion;
import dev.tollgate.experiment.Assignment;
import dev.tollgate.usage.LimitReached;
import java.time.Instant;
import java.util.Map;

/**
 * The events' {@code detail} objects, one shape per detail type, as documented by the JSON
 * schemas in {@code schemas/events/}. Every detail has {@code id} (the event's deterministic id),
 * {@code version} (1) and {@code account}; times are ISO-8601 UTC. No email address is ever put
 * on the bus.
 */
public final class EventDetails {
  /** The version of the detail shapes. */
  public static final int VERSION = 1;

  private EventDetails() {}

  /** {@code usage.threshold}: {@code permille} thousandths of the limit first reached in a window. */
  public static TollgateEvent usageThreshold(LimitReached e, int permille) {
    String id = TollgateEvent.USAGE_THRESHOLD + "|" + e.account().value() + "|" + e.gateId() + "|"
        + e.windowStart().toEpochMilli() + "|" + permille;
    JsonObject d = usage(id, e);
    d.addProperty("threshold", permille / 1000.0);
    return new TollgateEvent(id, TollgateEvent.USAGE_THRESHOLD, e.at(), d.toString());
  }

  /** {@code limit.reached}: the account's first denial by a gate in a window. */
  public static TollgateEvent limitReached(LimitReached e, Assignment arm) {
    String id = TollgateEvent.LIMIT_REACHED + "|" + e.crossingId("limit");
    JsonObject d = usage(id, e);
    d.addProperty("reason", e.reason().code());
    if (arm == null) {
      d.add("experiment", JsonNull.INSTANCE);
    } else {
      JsonObject x = new JsonObject();
      x.addProperty("name", arm.experiment());
      x.addProperty("arm", arm.arm().name());
      d.add("experiment", x);
    }
    return new TollgateEvent(id, TollgateEvent.LIMIT_REACHED, e.at(), d.toString());
  }

  /** {@code experiment.exposure}: the account first saw {@code arm}'s prompt (through {@code e}, at its time). */
  public static TollgateEvent exposure(LimitReached e, Assignment arm) {
    String id = TollgateEvent.EXPERIMENT_EXPOSURE + "|" + arm.experiment() + "|" + e.account().value();
    JsonObject d = head(id, e.account().value());
    d.addProperty("user", e.userId());
    d.addProperty("experiment", arm.experiment());
    d.addProperty("arm", arm.arm().name());
    d.addProperty("loop", e.loop());
    d.addProperty("at", e.at().toString());
    return new TollgateEvent(id, TollgateEvent.EXPERIMENT_EXPOSURE, e.at(), d.toString());
  }

  /**
   * {@code plan.changed} without its {@code from} (the outbox adds it, comparing with the plan
   * last announced): {@code account} is now on {@code plan} ({@code paid} or not, lapsing at
   * {@code until}), seen on Stripe event {@code stripeEventId}.
   */
  public static TollgateEvent planChanged(String account, String plan, boolean paid, Instant until,
      String stripeEventId, Instant at) {
    String id = TollgateEvent.PLAN_CHANGED + "|" + account + "|"
        + (stripeEventId == null ? "reconcile@" + at.toEpochMilli() : stripeEventId) + "|" + plan;
    JsonObject d = head(id, account);
    d.addProperty("to", plan);
    d.addProperty("paid", paid);
    d.addProperty("until", until == null ? null : until.toString());
    d.addProperty("stripeEventId", stripeEventId);
    d.addProperty("at", at.toString());
    return new TollgateEvent(id, TollgateEvent.PLAN_CHANGED, at, d.toString());
  }

  /** {@code conversion}: {@code c}, with the experiment arms it is attributed to (experiment to arm). */
  public static TollgateEvent conversion(Conversion c, Map<String, String> arms) {
    String id = TollgateEvent.CONVERSION + "|" + c.userId() + "@" + c.convertedAt().toEpochMilli();
    JsonObject d = head(id, c.userId());
    d.addProperty("loop", c.loop());
    d.addProperty("at", c.convertedAt().toString());
    d.addProperty("timeToConvertMs", c.timeToConvert() == null ? null : c.timeToConvert().toMillis());
    d.addProperty("lastEmailStep", c.lastStep());
    JsonObject x = new JsonObject();
    new java.util.TreeMap<>(arms).forEach(x::addProperty);
    d.add("experiments", x);
    return new TollgateEvent(id, TollgateEvent.CONVERSION, c.convertedAt(), d.toString());
  }

  private static JsonObject usage(String id, LimitReached e) {
    JsonObject d = head(id, e.account().value());
    d.addProperty("user", e.userId());
    d.addProperty("loop", e.loop());
    d.addProperty("gate", e.gateId());
    d.addProperty("plan", e.plan());
    d.addProperty("used", e.used());
    d.addProperty("limit", e.limit() < 0 ? null : e.limit());
    d.addProperty("windowStart", e.windowStart().toString());
    d.addProperty("resetAt", e.resetAt().toString());
    d.addProperty("at", e.at().toString());
    return d;
  }

  private static JsonObject head(String id, String account) {
    JsonObject d = new JsonObject();
    d.addProperty("id", id);
    d.addProperty("version", VERSION);
    d.addProperty("account", account);
    return d;
  }
}
