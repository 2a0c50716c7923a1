package dev.tollgate.plan;

import dev.tollgate.credits.CreditStore;
import dev.tollgate.identity.AccountId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Grants the credits Checkout Sessions sell, exactly once per session, however often Stripe
 * delivers the event and wherever a step fails: a session that names its account is granted
 * to it under the session id (the credit store grants an id once); one that names only its
 * customer is first kept on the customer, claimed by the account the customer is linked to
 * (now, or by the first link that follows), then granted to that claimant and marked granted.
 * A retry after any step finds the same claimant, so the credits never reach two accounts.
 */
final class CreditGrants {
  private final SubscriptionStore customers;
  private final CreditStore credits;
  private final Clock clock;

  CreditGrants(SubscriptionStore customers, CreditStore credits, Clock clock) {
    this.customers = customers;
    this.credits = credits;
    this.clock = clock;
  }

  /** Grants {@code purchase}, or keeps it until its customer is linked; returns a note for the log. */
  String purchase(CreditPurchase purchase) {
    if (purchase.account() != null) {
      return grant(purchase);
    }
    CustomerState state = customers.keepCredits(purchase).state();
    if (!state.credits().containsKey(purchase.sessionId())) {
      return "credits of " + purchase.sessionId() + " granted before";
    }
    String granted = settle(state);
    return granted.isEmpty() ? "credits of " + purchase.sessionId() + " kept until customer " + purchase.customerId()
        + " is linked to an account" : granted;
  }

  /** Grants every purchase kept on {@code state}'s customer that an account has claimed; returns notes. */
  String settle(CustomerState state) {
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, CreditPurchase> kept : new TreeMap<>(state.credits()).entrySet()) {
      if (kept.getValue().account() != null) {
        notes.add(grant(kept.getValue()));
        customers.creditsGranted(state.customerId(), kept.getKey());
      }
    }
    return String.join("; ", notes);
  }

  private String grant(CreditPurchase p) {
    Instant expires = p.expiresAt() == null ? null : Instant.ofEpochMilli(p.expiresAt());
    boolean fresh = credits.grant(AccountId.parse(p.account()), p.sessionId(), p.units(), expires, clock.instant());
    return fresh ? p.units() + " credits granted to " + p.account() + " (" + p.sessionId()
        + (expires == null ? "" : ", until " + expires) + ")" : "credits of " + p.sessionId() + " granted before";
  }
}
