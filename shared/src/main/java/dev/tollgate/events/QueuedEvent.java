package dev.tollgate.events;

/** An event in the outbox with its failed delivery attempts so far and the last error (null: none). */
public record QueuedEvent(TollgateEvent event, int attempts, String lastError) {
  /** This event after one more failed attempt. */
  public QueuedEvent failed(String error) {
    return new QueuedEvent(event, attempts + 1, error);
  }
}
