package dev.tollgate.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan state the authorizer reads (the account hash {@code {a:ID}}), written from the entries each of
 * the account's Stripe customers gives. This is the one place a best plan is chosen: among
 * all entries of all the account's customers, the one that keeps the account paid longest
 * ({@link PlanEntry#rank}), ties broken by customer then subscription id. The account's
 * Stripe entitlements ({@code ent}, read by feature gates) are the union of what each of its
 * customers has, kept in the same step. Each write is one atomic step per account, and idempotent.
 */
public interface PlanStore {
  /**
   * Keeps {@code entries} (one per subscription; empty if none yet) and {@code entitlements}
   * (feature lookup keys) as what {@code customerId} gives {@code accountId}, remembers
   * {@code email} unless the account has one, makes the best entry the account's plan and the
   * union of its customers' entitlements its {@code ent}, and — when that moves the account
   * from not paid to paid at {@code now} — marks a conversion: sets the email profile's
   * {@code conv} (the dispatcher stops) and keeps it pending until {@link #conversionCounted}.
   */
  PlanWrite write(String accountId, String customerId, List<PlanEntry> entries, Set<String> entitlements,
      Optional<String> email, Instant now);

  /**
   * Drops what {@code customerId} gave {@code accountId} (the customer is now linked to another
   * account) and re-derives the account's plan and entitlements from its other customers; with
   * none left, a plan that came from Stripe reverts to the default.
   */
  PlanWrite forget(String accountId, String customerId, Instant now);

  /** Clears the pending conversion of {@code accountId} made at {@code at} (a newer one stays pending). */
  void conversionCounted(String accountId, Instant at);

  /** The account's plan fields as the authorizer reads them, if any were written. */
  Optional<PlanEntry> read(String accountId);

  /** The account's Stripe entitlements as feature gates read them ({@code ent}), sorted. */
  Set<String> entitlements(String accountId);

  /**
   * The outcome of a write.
   *
   * @param wasPaid whether the account was on a paid plan before it
   * @param isPaid whether it is after it
   * @param pendingConversionAt when an uncounted conversion happened (this write or an
   *     earlier, failed attempt), or null
   * @param timeline the account's timeline hash ({@code h:LOOP}, {@code pr:LOOP}) for attribution
   * @param plan the account's plan after it (null: none written, the default plan)
   * @param until that plan's {@code until}, or null
   */
  record PlanWrite(boolean wasPaid, boolean isPaid, Instant pendingConversionAt, Map<String, String> timeline,
      String plan, Long until) {}
}
