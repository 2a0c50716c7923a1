package dev.tollgate.checkout;

import dev.tollgate.config.CheckoutConfig;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.plan.ClientReferenceId;
import dev.tollgate.plan.PlanEntry;
import dev.tollgate.plan.UpgradeUrl;
import java.time.Instant;
import java.util.Map;

/**
 * The pure decision behind a valid upgrade link: an account that pays now (the paid rule,
 * {@link PlanEntry#paidAt}) goes to the Customer Portal of its Stripe customer (or, with none, is
 * told it already pays); any other account to a Checkout Session for {@code checkout.plan}'s price. Without a Stripe API key
 * both become a redirect to {@code email.upgradeUrl}.
 */
public final class UpgradeRoute {
  private final GatingConfig config;
  private final CheckoutConfig checkout;

  /** The route of {@code config}, which must have a {@code checkout} section. */
  public UpgradeRoute(GatingConfig config) {
    this.config = config;
    this.checkout = config.checkout().orElseThrow(() -> new IllegalArgumentException(
        "gating.yaml has no 'checkout' section: there is no upgrade link to serve"));
  }

  /** The step for {@code account} as {@code facts} describe it at {@code now}; {@code stripe}: an API key is set. */
  public UpgradeStep decide(AccountId account, BillingAccount facts, boolean stripe, Instant now) {
    if (!stripe) {
      return config.email().<UpgradeStep>map(e -> new UpgradeStep.Redirect(UpgradeUrl.render(e.upgradeUrl(),
          Map.of("userId", user(account), "accountId", account.value(), "email", facts.email().orElse("")))))
          .orElse(new UpgradeStep.Unavailable("STRIPE_API_KEY is not set and gating.yaml has no email.upgradeUrl"));
    }
    boolean paid = facts.plan().map(p -> p.paidAt(config.defaultPlan().name(), now.toEpochMilli())).orElse(false);
    if (paid) {
      // never a second subscription: a payer manages the one it has, or (plan set by hand) is told so
      return facts.customerId().<UpgradeStep>map(c -> new UpgradeStep.Portal(c, checkout.portalReturnUrl()))
          .orElse(new UpgradeStep.AlreadyPaid(facts.plan().get().plan()));
    }
    String customer = facts.customerId().orElse(null);
    return new UpgradeStep.Checkout(customer, customer == null ? facts.email().orElse(null) : null,
        ClientReferenceId.encode(account.value()), checkout.price(), checkout.successUrl(), checkout.cancelUrl());
  }

  /** The user a personal account belongs to, else the account itself (an organisation). */
  private static String user(AccountId account) {
    UserId u = account.personalUser();
    return u == null ? account.value() : u.value();
  }
}
