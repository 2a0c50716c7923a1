package dev.tollgate.plan;

/**
 * Prepaid credits bought through Stripe Checkout: a paid Checkout Session whose metadata
 * carries {@code tollgate_credits} (a Payment Link copies its metadata to every session).
 * Granted once per session id, to {@code account} when the session names it, else to the
 * account its customer is linked to — now, or by the first link that follows.
 *
 * @param sessionId the Checkout Session ({@code cs_...}): the grant id
 * @param customerId the session's customer, or null (a payment-mode Payment Link may create none)
 * @param account the account the session names ({@code client_reference_id}, else
 *     {@code metadata.userId}), or null
 * @param units how many credits ({@code metadata.tollgate_credits})
 * @param expiresAt when unused credits lapse (epoch ms; {@code tollgate_credits_expire_days}
 *     after the payment), or null for never
 * @param paidAt the {@code created} time of the event that reported the payment, epoch ms
 */
public record CreditPurchase(String sessionId, String customerId, String account, long units, Long expiresAt,
    long paidAt) {
  /** The most credits one session may grant (as {@code tollgate credits grant}). */
  public static final long MAX_UNITS = 1_000_000_000L;
  /** The longest expiry accepted, in days. */
  public static final long MAX_EXPIRE_DAYS = 3650;

  /** This purchase as claimed by {@code claimant}, the account its customer is linked to. */
  public CreditPurchase claimedBy(String claimant) {
    return new CreditPurchase(sessionId, customerId, claimant, units, expiresAt, paidAt);
  }
}
