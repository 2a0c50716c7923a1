package dev.tollgate.stripe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.tollgate.meter.ReportSummary;
import dev.tollgate.meter.UsageReporter;
import dev.tollgate.metrics.Emf;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scheduled (EventBridge) run of {@code UsageReporterFunction}: reports the overage of the
 * accounts the dispatcher's follow-ups indexed to Stripe Billing meters until shortly before the
 * Lambda's time runs out, and answers the run's summary (accounts, sent, duplicates, units,
 * retried, deadLettered, held, stopped), which also goes to the metrics sink as one CloudWatch
 * EMF line ({@code MeterEventsSent}, {@code MeterUnitsReported}, {@code MeterEventsDeadLettered}, ...).
 */
public final class UsageReporterHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  /** Time kept back from the Lambda's remaining time: no account is taken after it. */
  static final Duration SAFETY_MARGIN = Duration.ofSeconds(15);
  /** Run length when there is no Lambda context (local invocations). */
  static final Duration DEFAULT_RUN = Duration.ofSeconds(60);

  private final UsageReporter reporter;
  private final Clock clock;
  private final Consumer<String> metrics;

  /** Lambda's constructor: reads STRIPE_API_KEY, REDIS_URL, REDIS_AUTH, TOLLGATE_CONFIG once per container. */
  public UsageReporterHandler() {
    this(ReporterWiring.fromEnvironment(System.getenv(), Clock.systemUTC()), Clock.systemUTC(), System.out::println);
  }

  /** A handler running {@code reporter}, timed by {@code clock}, writing each run's EMF line to {@code metrics}. */
  public UsageReporterHandler(UsageReporter reporter, Clock clock, Consumer<String> metrics) {
    this.reporter = reporter;
    this.clock = clock;
    this.metrics = metrics;
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    Duration remaining = context == null ? DEFAULT_RUN : Duration.ofMillis(context.getRemainingTimeInMillis());
    Instant deadline = clock.instant().plus(remaining).minus(SAFETY_MARGIN);
    ReportSummary s = reporter.run(deadline);
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("MeterAccounts", (long) s.accounts());
    m.put("MeterEventsSent", (long) s.sent());
    m.put("MeterEventsDuplicate", (long) s.duplicates());
    m.put("MeterUnitsReported", s.units());
    m.put("MeterEventsRetried", (long) s.retried());
    m.put("MeterEventsDeadLettered", (long) s.deadLettered());
    m.put("MeterAccountsWithoutCustomer", (long) s.held());
    metrics.accept(Emf.counts(clock.instant(), Map.of("Function", "UsageReporterFunction"), m));
    return s.toMap();
  }
}
