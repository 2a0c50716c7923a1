package dev.tollgate.local;

import com.google.gson.JsonObject;
import dev.tollgate.admin.AdminRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tollgate reconcile}: re-read plans from the Stripe API to heal missed webhooks. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = {"Re-reads subscriptions from Stripe to heal missed webhooks.",
        "Reads them through the Stripe API (STRIPE_API_KEY) and re-derives users' plans: one customer with",
        "--customer, else every customer linked to a user."})
final class ReconcileCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--customer", paramLabel = "cus_...", description = "only this Stripe customer")
  String customer;

  @Override
  public Integer call() {
    Map<String, String> p = new HashMap<>();
    p.put("customer", customer);
    JsonObject r = AdminCalls.run(spec, common, AdminRequest.Action.RECONCILE, p);
    spec.commandLine().getOut().println("reconciled " + r.get("applied").getAsInt() + " subscription(s)"
        + (customer == null ? " of every linked customer" : " of " + customer));
    return 0;
  }
}
