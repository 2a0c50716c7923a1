package dev.tollgate.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tollgate reconcile}: re-read plans from the Stripe API to heal missed webhooks. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Re-reads subscriptions from the Stripe API (STRIPE_API_KEY) and rewrites users' plans,",
        "healing missed or failed webhooks. One customer with --customer, else every linked customer."})
final class ReconcileCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--customer", paramLabel = "cus_...", description = "only this Stripe customer")
  String customer;

  @Override
  public Integer call() {
    // TODO(stripe branch): call dev.tollgate.stripe.StripeReconciler once it is merged into main.
    throw new IllegalStateException("reconcile is not available in this build: it needs the Stripe webhook module's "
        + "StripeReconciler (not merged yet)");
  }
}
