package dev.tollgate.redis;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.EmailJob;
import dev.tollgate.email.Sequences;
import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Records limit crossings: for each, ONE {@code EVALSHA} on {@code {tg}} keys counts
 * {@code <loop>:limitReached} in the day's funnel and schedules the gate's
 * {@code upgradePrompt} sequence (each step {@code after} the crossing) in the email queue.
 * A warning schedules the {@code warnPrompt} sequence the same way (no command when the gate
 * has none). The decision script has already written the user's timeline.
 */
public final class RedisLimitEvents implements LimitEvents {
  private static final long FUNNEL_TTL_SECONDS = 400L * 24 * 3600;
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
    List<EmailJob> jobs = Sequences.templateFor(config, e.gateId(), false)
        .map(t -> Sequences.jobsFor(e, t)).orElse(List.of());
    RedisEmailQueue.SCHEDULE.run(redis, RedisEmailQueue.scheduleKeys(e.at()),
        RedisEmailQueue.scheduleArgs(Keys.funnelField(e.loop(), "limitReached"), e.at(), jobs));
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
