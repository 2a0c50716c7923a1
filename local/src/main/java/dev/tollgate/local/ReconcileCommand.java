package dev.tollgate.local;

import com.stripe.StripeClient;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.stripe.StripeReconciler;
import dev.tollgate.stripe.WebhookWiring;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.UnifiedJedis;

/** {@code tollgate reconcile}: re-read plans from the Stripe API to heal missed webhooks. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Re-reads subscriptions from the Stripe API (STRIPE_API_KEY) and re-derives users' plans,",
        "healing missed or failed webhooks: one customer with --customer, else every customer linked to a user."})
final class ReconcileCommand implements Callable<Integer> {
  static final String API_KEY_ENV = "STRIPE_API_KEY";

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--customer", paramLabel = "cus_...", description = "only this Stripe customer")
  String customer;

  @Option(names = "--stripe-api-base", paramLabel = "URL", hidden = true, description = "Stripe API base (tests)")
  String apiBase;

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    String key = env.get(API_KEY_ENV);
    if (key == null || key.isBlank()) {
      throw new IllegalStateException(API_KEY_ENV + " is not set (a restricted key with read access to subscriptions "
          + "is enough)");
    }
    GatingConfig cfg = common.config(env);
    StripeClient.StripeClientBuilder stripe = StripeClient.builder().setApiKey(key);
    if (apiBase != null) {
      stripe.setApiBase(apiBase);
    }
    try (UnifiedJedis redis = common.connect(env)) {
      StripeReconciler reconciler = WebhookWiring.of(cfg, redis, Clock.systemUTC(), line -> { }).reconciler(stripe.build());
      int applied = customer == null ? reconciler.reconcileAll() : reconciler.reconcileCustomer(customer);
      spec.commandLine().getOut().println("reconciled " + applied + " subscription(s)"
          + (customer == null ? " of every linked customer" : " of " + customer));
    }
    return 0;
  }
}
