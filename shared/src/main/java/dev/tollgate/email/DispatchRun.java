package dev.tollgate.email;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one dispatcher run: its deadline, whether it ran out of time, and what it did so
 * far (the {@link DispatchSummary} counts). Owned by one thread.
 */
final class DispatchRun {
  final Instant deadline;
  int claimed;
  int sent;
  int skipped;
  int retried;
  int deadLettered;
  int released;
  int calls;
  /** Jobs the provider accepted and the funnel counted now, by loop. */
  final Map<String, Integer> promptsSent = new TreeMap<>();
  private boolean outOfTime;

  DispatchRun(Instant deadline) {
    this.deadline = deadline;
  }

  /** Whether the run must stop: it ran out of time (a wait would pass the deadline). */
  boolean outOfTime() {
    return outOfTime;
  }

  /** The run cannot do more before its deadline. */
  void stop() {
    outOfTime = true;
  }

  /** Whether another step may start at {@code now}. */
  boolean mayStart(Instant now) {
    return !outOfTime && now.isBefore(deadline);
  }

  DispatchSummary summary() {
    return new DispatchSummary(claimed, sent, skipped, retried, deadLettered, released, calls, promptsSent);
  }
}
