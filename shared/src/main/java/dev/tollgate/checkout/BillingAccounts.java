package dev.tollgate.checkout;

import dev.tollgate.identity.AccountId;

/** What the upgrade link needs to know of an account (its plan hash and email profile). */
public interface BillingAccounts {
  /** The account's plan, linked Stripe customer and email as stored now. */
  BillingAccount lookup(AccountId account);
}
