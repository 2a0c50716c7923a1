package dev.tollgate.meter;

/** Reports meter events to Stripe (or, locally, to an outbox folder). */
public interface MeterEventSender {
  /** Reports {@code event} once; never throws for what Stripe answers (see {@link MeterResult}). */
  MeterResult send(MeterEvent event);
}
