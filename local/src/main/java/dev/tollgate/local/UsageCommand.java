package dev.tollgate.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.GateResult;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageOutcome;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
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

/** {@code tollgate usage}: a user's counters per gate, and resetting them. */
@Command(name = "usage", mixinStandardHelpOptions = true, description = "Show or reset a user's usage counters.",
    subcommands = {UsageCommand.Show.class, UsageCommand.Reset.class})
final class UsageCommand extends CommandGroup {

  static RedisUsageStore store(UnifiedJedis redis, GatingConfig cfg) {
    return RedisUsageStore.forConfig(redis, cfg);
  }

  /** {@code usage show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Shows a user's effective plan and, per gate, calls used in the current window (counts nothing).")
  static final class Show implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "USER", description = "user id")
    String user;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      CommandGroup.checkUser(spec, "USER", user);
      Map<String, String> env = System.getenv();
      GatingConfig cfg = common.config(env);
      List<Gate> gates = UsageGate.compile(cfg);
      UsageOutcome o;
      try (UnifiedJedis redis = common.connect(env)) {
        o = store(redis, cfg).peek(user, gates, Instant.now());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        JsonObject doc = new JsonObject();
        doc.addProperty("user", user);
        doc.addProperty("plan", o.plan());
        JsonArray arr = new JsonArray();
        for (GateResult r : o.gates()) {
          JsonObject g = new JsonObject();
          g.addProperty("loop", r.gate().loop());
          g.addProperty("gate", r.gate().gateId());
          g.addProperty("used", r.used());
          g.addProperty("limit", r.limit());
          g.addProperty("resetAt", r.used() == 0 ? null : String.valueOf(r.resetAt()));
          arr.add(g);
        }
        doc.add("gates", arr);
        out.println(Json.PRETTY.toJson(doc));
        return 0;
      }
      out.println("user " + user + "  plan " + o.plan());
      out.printf("%-16s %-28s %12s  %s%n", "LOOP", "GATE", "USED/LIMIT", "RESETS");
      for (GateResult r : o.gates()) {
        String limit = r.limit() < 0 ? "unlimited" : Long.toString(r.limit());
        out.printf("%-16s %-28s %12s  %s%n", r.gate().loop(), r.gate().gateId(), r.used() + "/" + limit,
            r.used() == 0 ? "-" : String.valueOf(r.resetAt()));
      }
      return 0;
    }
  }

  /** {@code usage reset}. */
  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Forgets a user's current windows (all loops, or one) so their next call starts afresh.")
  static final class Reset implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "USER", description = "user id")
    String user;

    @Option(names = "--loop", paramLabel = "NAME", description = "only this loop")
    String loop;

    @Override
    public Integer call() throws Exception {
      CommandGroup.checkUser(spec, "USER", user);
      Map<String, String> env = System.getenv();
      GatingConfig cfg = common.config(env);
      if (loop != null && cfg.loop(loop).isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--loop " + loop + " is not a loop of the config "
            + "(loops: " + cfg.loops().stream().map(GatingConfig.Loop::name).toList() + ")");
      }
      List<Gate> gates = UsageGate.compile(cfg).stream().filter(g -> loop == null || g.loop().equals(loop)).toList();
      try (UnifiedJedis redis = common.connect(env)) {
        store(redis, cfg).reset(user, gates);
      }
      spec.commandLine().getOut().println("reset " + user + ": " + gates.size() + " gate(s)"
          + (loop == null ? "" : " of loop " + loop));
      return 0;
    }
  }
}
