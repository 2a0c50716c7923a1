package dev.tollgate.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.tollgate.email.DispatchSummary;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.metrics.Emf;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scheduled (EventBridge) upgrade-email run: sends what is due until shortly before the
 * Lambda's time runs out and answers the run's summary (claimed, sent, skipped, retried,
 * deadLettered, released, providerCalls), which also goes to the metrics sink as one CloudWatch
 * EMF line ({@code EmailsSent}, {@code ProviderCalls}, ...).
 */
public final class UpgradeEmailDispatchHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  /** Time kept back from the Lambda's remaining time: no claim after it, so a batch can finish. */
  static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);
  /** Run length when there is no Lambda context (local invocations). */
  static final Duration DEFAULT_RUN = Duration.ofSeconds(60);

  private final UpgradeEmailDispatcher dispatcher;
  private final Clock clock;
  private final Consumer<String> metrics;

  /**
   * Lambda's constructor: reads REDIS_URL, REDIS_AUTH, RESEND_API_KEY (else $TOLLGATE_OUTBOX),
   * UNSUBSCRIBE_SECRET and TOLLGATE_CONFIG once per container; metrics go to stdout (EMF).
   */
  public UpgradeEmailDispatchHandler() {
    this(DispatchWiring.fromEnvironment(System.getenv()).dispatcher(DispatchWiring.sender(System.getenv()),
        Clock.systemUTC()), Clock.systemUTC(), DispatchWiring.LAMBDA_METRICS);
  }

  /** A handler running {@code dispatcher}, timed by {@code clock}, writing each run's EMF line to {@code metrics}. */
  public UpgradeEmailDispatchHandler(UpgradeEmailDispatcher dispatcher, Clock clock, Consumer<String> metrics) {
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.metrics = metrics;
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
    metrics.accept(Emf.counts(clock.instant(), Map.of("Function", "UpgradeDispatcherFunction"), metrics(result)));
    return result;
  }
}
