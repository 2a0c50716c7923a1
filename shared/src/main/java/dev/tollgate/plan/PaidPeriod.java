package dev.tollgate.plan;

/**
 * The latest billing period of a subscription that was observed paid (a paying status, or a
 * paid invoice). A subscription that stops paying keeps this period rather than its new, unpaid
 * one, so a billing window is never moved by an unpaid status nor cut short when a paid period
 * is canceled. Kept per subscription as {@link #encode()}, which also orders two of them (later
 * observation wins, then the later end): any arrival order keeps the same one.
 *
 * @param observedAt when it was observed (the event's {@code created}), epoch ms
 * @param start period start, epoch ms
 * @param end period end, epoch ms
 */
public record PaidPeriod(long observedAt, long start, long end) {

  /** The stored form, ordered as a string: {@code observedAt|end|start}, zero-padded. */
  public String encode() {
    return String.format("%015d|%015d|%015d", observedAt, end, start);
  }

  /** Reads {@link #encode()}. */
  public static PaidPeriod decode(String value) {
    String[] p = value.split("\\|");
    return new PaidPeriod(Long.parseLong(p[0]), Long.parseLong(p[2]), Long.parseLong(p[1]));
  }

  /** The paid period a snapshot shows, or null (not paying, or no period). */
  public static PaidPeriod of(SubscriptionSnapshot s) {
    return StatusRules.isPaying(s.status()) && s.periodStart() != null && s.periodEnd() != null
        ? new PaidPeriod(s.observedAt(), s.periodStart(), s.periodEnd()) : null;
  }

  /** The paid period a paid invoice shows, or null. */
  public static PaidPeriod of(InvoiceSnapshot i) {
    return i.paid() && i.periodStart() != null && i.periodEnd() != null
        ? new PaidPeriod(i.observedAt(), i.periodStart(), i.periodEnd()) : null;
  }
}
