package dev.tollgate.local;

import dev.tollgate.config.GatingConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import redis.clients.jedis.UnifiedJedis;

/** {@code tollgate plan}: manual plan grants. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Manual plan grants (support, partners).",
    subcommands = {PlanCommand.Set.class})
final class PlanCommand extends CommandGroup {

  /** {@code plan set}. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Puts a user on a plan of the config now (src=manual), optionally until a time.",
          "A later Stripe event for the user recomputes the plan from Stripe."})
  static final class Set implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "USER", description = "user id")
    String user;

    @Parameters(index = "1", paramLabel = "PLAN", description = "a plan name of the config")
    String plan;

    @Option(names = "--until", paramLabel = "ISO", description = "end of the grant, e.g. 2026-01-31T00:00:00Z")
    String until;

    @Override
    public Integer call() {
      CommandGroup.checkUser(spec, "USER", user);
      Map<String, String> env = System.getenv();
      GatingConfig cfg = common.config(env);
      if (!cfg.plans().containsKey(plan)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "PLAN " + plan + " is not a plan of the config "
            + "(plans: " + cfg.plans().keySet() + ")");
      }
      Instant end = null;
      if (until != null) {
        try {
          end = Instant.parse(until);
        } catch (DateTimeParseException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--until must be an ISO instant like "
              + "2026-01-31T00:00:00Z, got " + until);
        }
      }
      try (UnifiedJedis redis = common.connect(env)) {
        new ManualPlans(redis).grant(user, plan, end, Instant.now());
      }
      spec.commandLine().getOut().println(user + " is on plan " + plan + (end == null ? "" : " until " + end)
          + " (manual grant)");
      return 0;
    }
  }
}
