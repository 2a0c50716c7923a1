package dev.tollgate.events;

/** A call to the event sink failed as a whole (network, throttling, a 5xx, bad credentials). */
public class EventSinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public EventSinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
