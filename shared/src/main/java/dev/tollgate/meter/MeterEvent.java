package dev.tollgate.meter;

/**
 * A Stripe Billing meter event as {@code POST /v1/billing/meter_events} takes it.
 *
 * @param identifier de-duplicates replays (Stripe keeps it unique for at least 24 hours)
 * @param eventName the meter's {@code event_name}
 * @param customer {@code payload[stripe_customer_id]}
 * @param value {@code payload[value]}: overage units
 * @param timestamp the event's time, epoch seconds
 */
public record MeterEvent(String identifier, String eventName, String customer, long value, long timestamp) {}
