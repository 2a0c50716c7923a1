package dev.tollgate.redis;

import dev.tollgate.conversion.Conversion;
import dev.tollgate.conversion.ConversionLog;
import dev.tollgate.conversion.FunnelDay;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Conversions in the day's funnel hash {@code {tg}:f:YYYY-MM-DD} and the per-loop list of
 * times-to-convert beside it, both by one script ({@code conversion_record.lua}).
 */
public final class RedisConversionLog implements ConversionLog {
  private static final LuaScript RECORD = LuaScript.load("conversion_record.lua");
  private final UnifiedJedis redis;

  /** A log over {@code redis}. */
  public RedisConversionLog(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public void record(Conversion c) {
    String day = c.convertedAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
    String loop = c.attributed() ? c.loop() : "";
    RECORD.run(redis, List.of(Keys.funnelDay(day), Keys.funnelTimesToConvert(day, c.attributed() ? loop : "-")),
        List.of(loop, c.timeToConvert() == null ? "0" : Long.toString(c.timeToConvert().toMillis()),
            c.lastStep() == null ? "" : c.lastStep().toString(), Long.toString(RedisLimitEvents.funnelTtlSeconds())));
  }

  @Override
  public FunnelDay day(LocalDate day) {
    Map<String, Long> counters = new HashMap<>();
    Map<String, List<Long>> times = new HashMap<>();
    redis.hgetAll(Keys.funnelDay(day.toString())).forEach((field, value) -> {
      counters.put(field, Long.parseLong(value));
      if (field.endsWith(":conversions")) {
        String loop = field.substring(0, field.length() - ":conversions".length());
        times.put(loop, redis.lrange(Keys.funnelTimesToConvert(day.toString(), loop), 0, -1).stream()
            .map(Long::parseLong).toList());
      }
    });
    return new FunnelDay(day, counters, times);
  }
}
