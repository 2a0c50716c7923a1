package dev.tollgate.checkout;

import dev.tollgate.plan.PlanEntry;
import java.util.Optional;

/**
 * An account as the upgrade link sees it.
 *
 * @param plan the plan fields the authorizer reads (empty: the default plan)
 * @param customerId the Stripe customer linked to the account (the one its plan comes from, else
 *     any linked one), if any
 * @param email the account's email address, if known
 */
public record BillingAccount(Optional<PlanEntry> plan, Optional<String> customerId, Optional<String> email) {
  /** An account nothing is known about. */
  public static final BillingAccount UNKNOWN = new BillingAccount(Optional.empty(), Optional.empty(), Optional.empty());

  /** This account with {@code email} as its address when none is stored (the link's caller's). */
  public BillingAccount withEmailIfUnknown(Optional<String> email) {
    return this.email.isPresent() ? this : new BillingAccount(plan, customerId, email);
  }
}
