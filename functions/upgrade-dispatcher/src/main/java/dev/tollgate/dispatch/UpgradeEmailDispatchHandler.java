package dev.tollgate.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.DispatchSummary;
import dev.tollgate.email.Sleeper;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.followup.PendingDrainer;
import dev.tollgate.metrics.Emf;
import dev.tollgate.metrics.MeteredLimitEvents;
import dev.tollgate.redis.RedisEmailProfiles;
import dev.tollgate.redis.RedisEmailQueue;
import dev.tollgate.redis.RedisLimitEvents;
import dev.tollgate.redis.RedisPendingWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The scheduled (EventBridge) run: first completes the follow-up work decisions left in
 * accounts (first limit hits and warnings become funnel counts and email sequences), then
 * sends what is due until shortly before the Lambda's time runs out, and answers the run's
 * summary (claimed, sent, skipped, retried, deadLettered, released, providerCalls, and
 * followUpAccounts, followUpEvents, followUpFailed, swept).
 */
public final class UpgradeEmailDispatchHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  /** Time kept back from the Lambda's remaining time: no claim after it, so a batch can finish. */
  static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);
  /** Run length when there is no Lambda context (local invocations). */
  static final Duration DEFAULT_RUN = Duration.ofSeconds(60);

  /** How often a run also sweeps the keyspace for follow-up work whose index write was lost. */
  static final Duration SWEEP_EVERY = Duration.ofHours(1);
  /** Accounts drained per run (the rest wait for the next run). */
  static final int FOLLOW_UPS_PER_RUN = 2_000;

  private final PendingDrainer followUps;
  private final UpgradeEmailDispatcher dispatcher;
  private final Clock clock;

  /** Reads REDIS_URL, REDIS_AUTH, RESEND_API_KEY (else $TOLLGATE_OUTBOX), UNSUBSCRIBE_SECRET, TOLLGATE_CONFIG. */
  public UpgradeEmailDispatchHandler() {
    this(new DispatchEnvironment(System.getenv()));
  }

  private UpgradeEmailDispatchHandler(DispatchEnvironment env) {
    this(followUps(env.redis, env.config, System.out::println), new UpgradeEmailDispatcher(env.config,
        new RedisEmailQueue(env.redis), new RedisEmailProfiles(env.redis, env.config.stripe().attributionWindow()),
        env.sender(), env.links, Clock.systemUTC(), Sleeper.SYSTEM), Clock.systemUTC());
  }

  /** A handler running {@code dispatcher} only (no follow-up work), timed by {@code clock}: for tests. */
  public UpgradeEmailDispatchHandler(UpgradeEmailDispatcher dispatcher, Clock clock) {
    this(null, dispatcher, clock);
  }

  /** A handler draining {@code followUps} (may be null: none) and then running {@code dispatcher}. */
  public UpgradeEmailDispatchHandler(PendingDrainer followUps, UpgradeEmailDispatcher dispatcher, Clock clock) {
    this.followUps = followUps;
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  /**
   * The follow-up work of {@code config} on {@code redis}: crossings become funnel counts and
   * email sequences, with an EMF line per crossing ({@code LimitReached} / {@code UsageWarnings}
   * per loop) written to {@code metrics}.
   */
  public static PendingDrainer followUps(UnifiedJedis redis, GatingConfig config, Consumer<String> metrics) {
    return new PendingDrainer(new RedisPendingWork(redis),
        new MeteredLimitEvents(new RedisLimitEvents(redis, config), metrics), List.of(), config);
  }

  /** The summary's counts as {@code Emails<Count>} metrics (EmailsSent, EmailsDeadLettered, ...). */
  static Map<String, Long> metrics(Map<String, Object> summary) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : summary.entrySet()) {
      if (e.getValue() instanceof Number) {
        String k = e.getKey();
        String name = k.equals("providerCalls") ? "ProviderCalls" : k.startsWith("followUp") || k.equals("swept")
            ? "FollowUp" + Character.toUpperCase(k.charAt(0)) + k.substring(1)
            : "Emails" + Character.toUpperCase(k.charAt(0)) + k.substring(1);
        m.put(name, ((Number) e.getValue()).longValue());
      }
    }
    return m;
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    Duration remaining = context == null ? DEFAULT_RUN : Duration.ofMillis(context.getRemainingTimeInMillis());
    Instant deadline = clock.instant().plus(remaining).minus(SAFETY_MARGIN);
    Map<String, Object> result = new LinkedHashMap<>();
    if (followUps != null) {
      int swept = followUps.sweepIfDue(SWEEP_EVERY);
      PendingDrainer.Summary f = followUps.drain(FOLLOW_UPS_PER_RUN);
      result.put("followUpAccounts", f.accounts());
      result.put("followUpEvents", f.events());
      result.put("followUpFailed", f.failed());
      result.put("swept", swept);
    }
    DispatchSummary summary = dispatcher.run(deadline);
    result.putAll(summary.toMap());
    System.out.println(Emf.counts(clock.instant(), Map.of("Function", "UpgradeDispatcherFunction"), metrics(result)));
    return result;
  }
}
