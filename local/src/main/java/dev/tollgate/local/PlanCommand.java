package dev.tollgate.local;

import com.google.gson.JsonObject;
import dev.tollgate.admin.AdminRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tollgate plan}: manual plan grants. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Grants plans by hand (support, partners).",
    subcommands = {PlanCommand.Set.class})
final class PlanCommand extends CommandGroup {

  /** {@code plan set}. */
  @Command(name = "set", mixinStandardHelpOptions = true, description = {"Puts an account on a plan (a manual grant).",
          "ACCOUNT is @org for an organisation, else a user id (that user's own account). The plan must be one of",
          "the config; the grant starts now (src=manual), optionally until a time. A later Stripe event for the",
          "account recomputes the plan from Stripe."})
  static final class Set implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "@org, or a user id (their own account)")
    String account;

    @Parameters(index = "1", paramLabel = "PLAN", description = "a plan name of the config")
    String plan;

    @Option(names = "--until", paramLabel = "ISO", description = "end of the grant, e.g. 2026-01-31T00:00:00Z")
    String until;

    @Override
    public Integer call() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("account", account);
      p.put("plan", plan);
      p.put("until", until);
      JsonObject r = AdminCalls.run(spec, common, AdminRequest.Action.PLAN_SET, p);
      spec.commandLine().getOut().println(account + " is on plan " + plan + (r.has("until") && !r.get("until").isJsonNull()
          ? " until " + r.get("until").getAsString() : "") + " (manual grant)");
      return 0;
    }
  }
}
