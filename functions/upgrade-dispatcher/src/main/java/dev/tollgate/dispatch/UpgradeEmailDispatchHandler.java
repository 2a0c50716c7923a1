package dev.tollgate.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.tollgate.email.DispatchSummary;
import dev.tollgate.email.Sleeper;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.metrics.Emf;
import dev.tollgate.redis.RedisEmailProfiles;
import dev.tollgate.redis.RedisEmailQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scheduled (EventBridge) upgrade-email run: sends what is due until shortly before the
 * Lambda's time runs out and answers the run's summary (claimed, sent, skipped, retried,
 * deadLettered, released, providerCalls).
 */
public final class UpgradeEmailDispatchHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  /** Time kept back from the Lambda's remaining time: no claim after it, so a batch can finish. */
  static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);
  /** Run length when there is no Lambda context (local invocations). */
  static final Duration DEFAULT_RUN = Duration.ofSeconds(60);

  private final UpgradeEmailDispatcher dispatcher;
  private final Clock clock;

  /** Reads REDIS_URL, REDIS_AUTH, RESEND_API_KEY (else $TOLLGATE_OUTBOX), UNSUBSCRIBE_SECRET, TOLLGATE_CONFIG. */
  public UpgradeEmailDispatchHandler() {
    this(new DispatchEnvironment(System.getenv()));
  }

  UpgradeEmailDispatchHandler(DispatchEnvironment env) {
    this(new UpgradeEmailDispatcher(env.config, new RedisEmailQueue(env.redis),
        new RedisEmailProfiles(env.redis, env.config.stripe().attributionWindow()), env.sender(), env.links,
        Clock.systemUTC(), Sleeper.SYSTEM), Clock.systemUTC());
  }

  /** A handler running {@code dispatcher}, timed by {@code clock}. */
  public UpgradeEmailDispatchHandler(UpgradeEmailDispatcher dispatcher, Clock clock) {
    this.dispatcher = dispatcher;
    this.clock = clock;
  }

  /** The summary's counts as {@code Emails<Count>} metrics (EmailsSent, EmailsDeadLettered, ...). */
  static Map<String, Long> metrics(Map<String, Object> summary) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : summary.entrySet()) {
      if (e.getValue() instanceof Number) {
        String k = e.getKey();
        m.put(k.equals("providerCalls") ? "ProviderCalls" : "Emails" + Character.toUpperCase(k.charAt(0)) + k.substring(1),
            ((Number) e.getValue()).longValue());
      }
    }
    return m;
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    Duration remaining = context == null ? DEFAULT_RUN : Duration.ofMillis(context.getRemainingTimeInMillis());
    Instant deadline = clock.instant().plus(remaining).minus(SAFETY_MARGIN);
    DispatchSummary summary = dispatcher.run(deadline);
    Map<String, Object> result = summary.toMap();
    System.out.println(Emf.counts(clock.instant(), Map.of("Function", "UpgradeDispatcherFunction"), metrics(result)));
    return result;
  }
}
