package dev.tollgate.events;

import java.time.Instant;

/**
 * One event for the team's other systems, as it waits in the events outbox: a deterministic
 * {@code id} (the same fact always gets the same id, so adding it twice adds it once and
 * consumers can de-duplicate a repeated delivery by {@code detail.id}), its EventBridge
 * {@code detail-type}, when the fact happened, and the {@code detail} JSON object (text).
 */
public record TollgateEvent(String id, String type, Instant time, String detail) {
  /** The EventBridge {@code source} of every Tollgate event. */
  public static final String SOURCE = "tollgate";

  /** A usage share ({@code events.thresholds}) first reached in a window. */
  public static final String USAGE_THRESHOLD = "usage.threshold";
  /** An account's first denial by a gate in a window. */
  public static final String LIMIT_REACHED = "limit.reached";
  /** An account's plan differs from the last one announced. */
  public static final String PLAN_CHANGED = "plan.changed";
  /** An account moved from the default plan to a paid one. */
  public static final String CONVERSION = "conversion";
  /** An account first saw a prompt of an experiment. */
  public static final String EXPERIMENT_EXPOSURE = "experiment.exposure";

  /** Every detail type, in the order the README documents them. */
  public static final java.util.List<String> TYPES = java.util.List.of(USAGE_THRESHOLD, LIMIT_REACHED, PLAN_CHANGED,
      CONVERSION, EXPERIMENT_EXPOSURE);

  /** Checks the parts: an id, a known type, a time and a JSON object. */
  public TollgateEvent {
    if (id == null || id.isEmpty() || !TYPES.contains(type) || time == null || detail == null
        || !detail.startsWith("{")) {
      throw new IllegalArgumentException("not an event: id " + id + ", type " + type + ", detail " + detail);
    }
  }
}
