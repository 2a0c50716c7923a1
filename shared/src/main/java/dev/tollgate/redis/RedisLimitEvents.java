package dev.tollgate.redis;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.EmailJob;
import dev.tollgate.email.Sequences;
import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Records limit crossings, idempotently: schedules the gate's {@code upgradePrompt} sequence
 * (each step {@code after} the crossing; job ids are deterministic, so a repeat schedules
 * nothing) and counts {@code <loop>:limitReached} in the day's funnel once per crossing id.
 * A warning schedules the {@code warnPrompt} sequence the same way. The decision script has
 * already written the account's timeline.
 */
public final class RedisLimitEvents implements LimitEvents {
  private static final long FUNNEL_TTL_SECONDS = 400L * 24 * 3600;
  private static final LuaScript FUNNEL_ONCE = LuaScript.load("funnel_once.lua");
  private final UnifiedJedis redis;
  private final GatingConfig config;

  /** Events recorded through {@code redis}, scheduling the emails of {@code config}. */
  public RedisLimitEvents(UnifiedJedis redis, GatingConfig config) {
    this.redis = redis;
    this.config = config;
  }

  /** Funnel counting only: no emails are scheduled. */
  public RedisLimitEvents(UnifiedJedis redis) {
    this(redis, null);
  }

  @Override
  public void limitReached(LimitReached e) {
    List<EmailJob> jobs = Sequences.templateFor(config, e.gateId(), false, e.arm())
        .map(t -> Sequences.jobsFor(e, t)).orElse(List.of());
    if (!jobs.isEmpty()) {
      RedisEmailQueue.SCHEDULE.run(redis, RedisEmailQueue.scheduleKeys(e.at()),
          RedisEmailQueue.scheduleArgs("", e.at(), jobs));
    }
    String day = RedisEmailQueue.day(e.at());
    FUNNEL_ONCE.run(redis, List.of(Keys.funnelDay(day), Keys.funnelDay(day) + ":ids"),
        List.of(Keys.funnelField(e.loop(), "limitReached"), e.crossingId("limit"), Long.toString(FUNNEL_TTL_SECONDS)));
  }

  @Override
  public void warningReached(LimitReached e) {
    Sequences.templateFor(config, e.gateId(), true).ifPresent(t -> RedisEmailQueue.SCHEDULE.run(redis,
        RedisEmailQueue.scheduleKeys(e.at()), RedisEmailQueue.scheduleArgs("", e.at(), Sequences.jobsFor(e, t))));
  }

  /** How long a day's funnel counters are kept, in seconds. */
  public static long funnelTtlSeconds() {
    return FUNNEL_TTL_SECONDS;
  }
}
