package dev.tollgate.redis;

import dev.tollgate.conversion.Conversion;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed call of {@code funnel_count.lua} and the funnel's keys, which only
 * {@link RedisFunnel} uses: {@code {tg}:f:DAY} (counters), {@code {tg}:f:DAY:seen} (ids
 * counted that day) and {@code {tg}:f:DAY:ttc:LOOP} (times to convert). No Redis here.
 */
final class FunnelScript {
  static final LuaScript SCRIPT = LuaScript.load("funnel_count.lua");
  /** How long a day's counters are kept. */
  static final Duration DAY_TTL = Duration.ofDays(400);
  /** How long a counted id is remembered: longer than any writer retries (Stripe: 3 days). */
  static final Duration SEEN_TTL = Duration.ofDays(8);

  private FunnelScript() {}

  static ScriptCall limitReached(String loop, Instant at, String eventId) {
    return call(at, "l:" + eventId, null, null, Keys.funnelField(loop, "limitReached"), 1);
  }

  static ScriptCall promptSent(String loop, Instant at, String jobId) {
    return call(at, "p:" + jobId, null, null, Keys.funnelField(loop, "promptsSent"), 1);
  }

  static ScriptCall emailClaimRefused(Instant at, String id) {
    return call(at, "e:" + id, null, null, dev.tollgate.conversion.Funnel.EMAIL_CLAIMS_REFUSED, 1);
  }

  static ScriptCall conversion(Conversion c) {
    if (!c.attributed()) {
      return call(c.convertedAt(), "c:" + c.id(), null, null, "paidWithoutLimit", 1);
    }
    long ms = c.timeToConvert().toMillis();
    String step = c.lastStep() == null ? "conversionsWithoutEmail" : "conversionsAtStep:" + c.lastStep();
    return call(c.convertedAt(), "c:" + c.id(), c.loop(), ms, Keys.funnelField(c.loop(), "conversions"), 1,
        Keys.funnelField(c.loop(), "convertMsSum"), ms, Keys.funnelField(c.loop(), step), 1);
  }

  /** The counters key of {@code day}. */
  static String day(LocalDate day) {
    return Keys.funnelDay(day.toString());
  }

  /** The times-to-convert key of {@code loop} on {@code day}. */
  static String timesToConvert(LocalDate day, String loop) {
    return Keys.funnelTimesToConvert(day.toString(), loop);
  }

  private static ScriptCall call(Instant at, String id, String ttcLoop, Long ttcMs, Object... increments) {
    LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
    List<String> args = new ArrayList<>(List.of(id, Long.toString(DAY_TTL.toSeconds()), Long.toString(SEEN_TTL.toSeconds()),
        ttcMs == null ? "" : Long.toString(ttcMs)));
    for (Object o : increments) {
      args.add(o.toString());
    }
    String ttc = timesToConvert(day, ttcLoop == null ? "-" : ttcLoop);
    return new ScriptCall(List.of(day(day), day(day) + ":seen", ttc), args);
  }
}
