package dev.tollgate.events;

import java.util.List;

/** Where events go: EventBridge's PutEvents, or files in a local outbox. */
public interface EventSink {
  /** PutEvents takes at most this many entries per call. */
  int MAX_BATCH = 10;

  /**
   * Puts {@code batch} (at most {@link #MAX_BATCH}) and answers one result per entry, in order.
   * Throws {@link EventSinkException} when the call as a whole failed (nothing is known to be put).
   */
  List<Result> put(List<TollgateEvent> batch);

  /** One entry's outcome: put, or refused with the service's error code and message. */
  record Result(boolean ok, String errorCode, String errorMessage) {
    /** The entry was put. */
    public static final Result OK = new Result(true, null, null);

    /** What went wrong, for logs and the dead-letter record. */
    public String error() {
      return ok ? "" : errorCode + ": " + errorMessage;
    }
  }
}
