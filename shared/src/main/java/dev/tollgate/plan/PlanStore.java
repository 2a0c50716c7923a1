package dev.tollgate.plan;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The plan state the authorizer reads ({@code {u:ID}:p}), written from the plans the user's
 * Stripe customers give. Each write is atomic per user.
 */
public interface PlanStore {
  /**
   * Records the plan {@code customerId} gives {@code userId}, makes the best plan over all the
   * user's customers the user's plan, and — when that moves the user from not paid to paid at
   * {@code now} — marks a conversion: sets the email profile's {@code conv} (the dispatcher
   * stops) and keeps it pending until {@link #conversionRecorded}.
   */
  PlanWrite write(String userId, String customerId, PlanEntry entry, String defaultPlan, Instant now);

  /** Clears the pending conversion once it is counted. */
  void conversionRecorded(String userId);

  /** Sets the user's email address unless they already have one. */
  void rememberEmail(String userId, String email);

  /** The user's plan fields as the authorizer reads them, if any were written. */
  Optional<PlanEntry> read(String userId);

  /**
   * The outcome of a write.
   *
   * @param wasPaid whether the user was on a paid plan before it
   * @param isPaid whether they are after it
   * @param pendingConversionAt when an uncounted conversion happened (this write or an
   *     earlier, failed attempt), or null
   * @param timeline the user's timeline hash ({@code h:LOOP}, {@code pr:LOOP}) for attribution
   */
  record PlanWrite(boolean wasPaid, boolean isPaid, Instant pendingConversionAt, Map<String, String> timeline) {}
}
