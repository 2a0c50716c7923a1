package dev.tollgate.redis;

import dev.tollgate.conversion.Conversion;
import dev.tollgate.conversion.Funnel;
import dev.tollgate.conversion.FunnelDay;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * The funnel in Redis: the one adapter that owns the day keys and their TTL
 * ({@link FunnelScript}); each count is one {@code funnel_count.lua}, idempotent per id.
 */
public final class RedisFunnel implements Funnel {
  private final UnifiedJedis redis;

  /** A funnel over {@code redis}. */
  public RedisFunnel(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public boolean limitReached(String loop, Instant at, String eventId) {
    return run(FunnelScript.limitReached(loop, at, eventId));
  }

  @Override
  public boolean promptSent(String loop, Instant at, String jobId) {
    return run(FunnelScript.promptSent(loop, at, jobId));
  }

  @Override
  public boolean emailClaimRefused(Instant at, String id) {
    return run(FunnelScript.emailClaimRefused(at, id));
  }

  @Override
  public boolean conversion(Conversion c) {
    return run(FunnelScript.conversion(c));
  }

  @Override
  public FunnelDay day(LocalDate day) {
    Map<String, Long> counters = new HashMap<>();
    Map<String, List<Long>> times = new HashMap<>();
    redis.hgetAll(FunnelScript.day(day)).forEach((field, value) -> {
      counters.put(field, Long.parseLong(value));
      if (field.endsWith(":conversions")) {
        String loop = field.substring(0, field.length() - ":conversions".length());
        times.put(loop, redis.lrange(FunnelScript.timesToConvert(day, loop), 0, -1).stream().map(Long::parseLong).toList());
      }
    });
    return new FunnelDay(day, counters, times);
  }

  private boolean run(ScriptCall call) {
    return ScriptReplies.number("funnel_count.lua", FunnelScript.SCRIPT.run(redis, call)) == 1;
  }
}
