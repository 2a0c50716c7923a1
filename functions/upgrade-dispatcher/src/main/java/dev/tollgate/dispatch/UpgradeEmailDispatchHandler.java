package dev.tollgate.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.tollgate.email.DispatchSummary;
import dev.tollgate.email.UpgradeEmailDispatcher;
import dev.tollgate.events.EventPublisher;
import dev.tollgate.followup.PendingDrainer;
import dev.tollgate.metrics.Emf;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scheduled (EventBridge) run: first completes the follow-up work decisions left in
 * accounts (first limit hits and warnings become funnel counts and email sequences; an hourly
 * sweep re-indexes any whose index write was lost), puts the waiting events on EventBridge
 * (eventsPut, eventsRetried, eventsDeadLettered, eventCalls), then sends what is due until shortly
 * before the Lambda's time runs out, and answers the run's summary (followUpAccounts,
 * followUpEvents, followUpFailed, swept, claimed, sent, skipped, retried, deadLettered,
 * released, providerCalls), which also goes to the metrics sink as one CloudWatch EMF line
 * ({@code FollowUpEvents}, {@code EmailsSent}, {@code ProviderCalls}, ...), plus one line per loop
 * with the prompts the funnel counted ({@code PromptsSent} by {@code loop}).
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
  private final EventPublisher events;
  private final UpgradeEmailDispatcher dispatcher;
  private final Clock clock;
  private final Consumer<String> metrics;

  /**
   * Lambda's constructor: reads REDIS_URL, REDIS_AUTH, RESEND_API_KEY (else $TOLLGATE_OUTBOX),
   * UNSUBSCRIBE_SECRET (with an email section) and TOLLGATE_CONFIG once per container; metrics go to stdout (EMF).
   */
  public UpgradeEmailDispatchHandler() {
    this(DispatchWiring.fromEnvironment(System.getenv()), DispatchWiring.LAMBDA_METRICS);
  }

  private UpgradeEmailDispatchHandler(DispatchWiring wiring, Consumer<String> metrics) {
    this(wiring.followUps(metrics), wiring.events(DispatchWiring.eventSink(System.getenv()), Clock.systemUTC(), metrics),
        wiring.sendsEmail() ? wiring.dispatcher(DispatchWiring.sender(System.getenv()), Clock.systemUTC()) : null,
        Clock.systemUTC(), metrics);
  }

  /** A handler running {@code dispatcher} only (no follow-up work), timed by {@code clock}: for tests. */
  public UpgradeEmailDispatchHandler(UpgradeEmailDispatcher dispatcher, Clock clock, Consumer<String> metrics) {
    this(null, dispatcher, clock, metrics);
  }

  /**
   * A handler draining {@code followUps} (null: none) and then running {@code dispatcher},
   * timed by {@code clock}, writing each run's EMF line to {@code metrics}.
   */
  public UpgradeEmailDispatchHandler(PendingDrainer followUps, UpgradeEmailDispatcher dispatcher, Clock clock,
      Consumer<String> metrics) {
    this(followUps, null, dispatcher, clock, metrics);
  }

  /**
   * A handler draining {@code followUps} (null: none), publishing {@code events} (null: none),
   * then running {@code dispatcher} (null: the config sends no email), timed by {@code clock}, writing each run's EMF line to
   * {@code metrics}.
   */
  public UpgradeEmailDispatchHandler(PendingDrainer followUps, EventPublisher events, UpgradeEmailDispatcher dispatcher,
      Clock clock, Consumer<String> metrics) {
    this.followUps = followUps;
    this.events = events;
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
        String name = k.equals("providerCalls") ? "ProviderCalls" : k.startsWith("followUp") || k.equals("swept")
            ? "FollowUp" + Character.toUpperCase(k.charAt(0)) + k.substring(1)
            : k.startsWith("event") ? "E" + k.substring(1)
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
    if (events != null) {
      // bounded like the email run: what is left waits for the next run
      EventPublisher.Summary e = events.publish(deadline);
      result.put("eventsPut", e.put());
      result.put("eventsRetried", e.retried());
      result.put("eventsDeadLettered", e.deadLettered());
      result.put("eventCalls", e.calls());
    }
    DispatchSummary summary = dispatcher == null ? null : dispatcher.run(deadline);
    if (summary != null) {
      result.putAll(summary.toMap());
    }
    Instant now = clock.instant();
    metrics.accept(Emf.counts(now, Map.of("Function", "UpgradeDispatcherFunction"), metrics(result)));
    if (summary != null) {
      summary.promptsSent().forEach((loop, n) -> metrics.accept(Emf.counts(now, Map.of("loop", loop),
          Map.of("PromptsSent", n))));
    }
    return result;
  }
}
