package dev.tollgate.local;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.meter.MeterLedger;
import dev.tollgate.redis.RedisCreditStore;
import dev.tollgate.redis.RedisMeterLedger;
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

/** {@code tollgate usage}: an account's counters per gate, and resetting them. */
@Command(name = "usage", mixinStandardHelpOptions = true, description = "Show or reset an account's usage counters.",
    subcommands = {UsageCommand.Show.class, UsageCommand.Reset.class})
final class UsageCommand extends CommandGroup {

  static RedisUsageStore store(UnifiedJedis redis, GatingConfig cfg) {
    return RedisUsageStore.forConfig(redis, cfg);
  }

  /** {@code usage show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = {"Shows an account's plan and usage per gate.",
      "The effective plan and, per gate, units used in the current window (counts nothing); overage per Stripe meter",
      "(counted, reported) and the prepaid credit balance."})
  static final class Show implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "ACCOUNT", description = "@org, or a user id (their personal account)")
    String account;

    @Option(names = "--member", paramLabel = "USER", description = "whose member share to show (default: the user of a "
        + "personal account)")
    String member;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      AccountId a = CommandGroup.account(spec, "ACCOUNT", account);
      if (member != null) {
        CommandGroup.checkUser(spec, "--member", member);
      }
      UserId who = member != null ? UserId.of(member) : a.isOrganisation() ? UserId.of(a.value()) : a.personalUser();
      Map<String, String> env = System.getenv();
      GatingConfig cfg = common.config(env);
      List<Gate> gates = UsageGate.compile(cfg);
      UsageOutcome o;
      MeterLedger.AccountMeters meters;
      long credits;
      try (UnifiedJedis redis = common.connect(env)) {
        o = store(redis, cfg).peek(a, who, gates, Instant.now());
        meters = new RedisMeterLedger(redis).read(a);
        credits = new RedisCreditStore(redis).show(a, Instant.now()).balance();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.PRETTY.toJson(UsageDoc.of(a, who, o, meters, credits)));
        return 0;
      }
      out.println("account " + a + "  plan " + o.plan() + "  credits " + credits);
      out.printf("%-16s %-28s %12s  %s%n", "LOOP", "GATE", "USED/LIMIT", "RESETS");
      for (GateResult r : o.gates()) {
        String limit = r.limit() < 0 ? "unlimited" : Long.toString(r.limit());
        out.printf("%-16s %-28s %12s  %s%n", r.gate().loop(), r.gate().gateId(), r.used() + "/" + limit,
            r.used() == 0 ? "-" : String.valueOf(r.resetAt()));
      }
      for (MeterLedger.Meter m : meters.meters()) {
        out.println("overage " + m.name() + ": " + m.total() + " units counted, " + m.reported() + " reported to Stripe"
            + (m.entry() == null ? "" : ", " + m.entry().units() + " being reported")
            + (meters.customer() == null && m.total() > m.reported() ? " (no Stripe customer linked yet)" : ""));
      }
      return 0;
    }
  }

  /** {@code usage reset}. */
  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = {"Forgets an account's current windows (all loops, or one) so its next call starts afresh.",
          "Overage already counted stays counted (it is billed)."})
  static final class Reset implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "ACCOUNT", description = "@org, or a user id (their personal account)")
    String account;

    @Option(names = "--loop", paramLabel = "NAME", description = "only this loop")
    String loop;

    @Override
    public Integer call() throws Exception {
      AccountId a = CommandGroup.account(spec, "ACCOUNT", account);
      Map<String, String> env = System.getenv();
      GatingConfig cfg = common.config(env);
      if (loop != null && cfg.loop(loop).isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--loop " + loop + " is not a loop of the config "
            + "(loops: " + cfg.loops().stream().map(GatingConfig.Loop::name).toList() + ")");
      }
      List<Gate> gates = UsageGate.compile(cfg).stream().filter(g -> loop == null || g.loop().equals(loop)).toList();
      try (UnifiedJedis redis = common.connect(env)) {
        store(redis, cfg).reset(a, gates);
      }
      spec.commandLine().getOut().println("reset " + a + ": " + gates.size() + " gate(s)"
          + (loop == null ? "" : " of loop " + loop));
      return 0;
    }
  }
}
