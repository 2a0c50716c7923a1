package dev.tollgate.local;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The local stack's EventBridge schedule: one run of the dispatcher or the usage reporter,
 * invoked with the scheduled event EventBridge sends, printing a summary only when it did work.
 */
final class ScheduledRuns {
  private final LambdaInvokeApi lambda;
  private final Clock clock;
  private final Duration timeout;

  ScheduledRuns(LambdaInvokeApi lambda, Clock clock, Duration timeout) {
    this.lambda = lambda;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** One scheduled dispatcher run, as EventBridge would trigger it. */
  void dispatchOnce() {
    String out = scheduled(LocalStack.DISPATCHER);
    boolean idle = out == null || out.contains("\"followUpEvents\":0")
        && (out.contains("\"claimed\":0") || !out.contains("\"claimed\""));
    if (!idle) {
      System.out.println("dispatcher run: " + out);
    }
  }

  /** One scheduled usage reporter run (after the dispatcher's, which indexes the overage it reports). */
  void reportOnce() {
    String out = scheduled(LocalStack.REPORTER);
    if (out != null && !out.contains("\"accounts\":0")) {
      System.out.println("usage reporter run: " + out);
    }
  }

  /** Invokes {@code name} with a scheduled event as EventBridge sends it; its answer, or null (absent, or failed). */
  private String scheduled(String name) {
    LambdaFunction<?, ?> fn = lambda.function(name);
    if (fn == null) {
      return null;
    }
    String event = "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\","
        + "\"source\":\"aws.events\",\"account\":\"000000000000\",\"time\":\"" + clock.instant().toString().replaceAll(
            "\\.\\d+Z$", "Z") + "\",\"region\":\"local\",\"resources\":[],\"detail\":{}}";
    // the run's own log line is dropped: an idle timer would print one a minute; a summary follows when it did anything
    LambdaInvokeApi.Result r = lambda.invoke(fn, event.getBytes(StandardCharsets.UTF_8),
        new LocalContext(name, timeout, clock, line -> { }));
    String out = new String(r.body(), StandardCharsets.UTF_8);
    if (r.error() != null) {
      System.err.println(name + " run failed: " + out);
      return null;
    }
    return out;
  }
}
