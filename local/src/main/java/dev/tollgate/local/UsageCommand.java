package dev.tollgate.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tollgate.admin.AdminRequest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tollgate usage}: an account's counters per gate, and resetting them. */
@Command(name = "usage", mixinStandardHelpOptions = true, description = "Shows or resets an account's usage counters.",
    subcommands = {UsageCommand.Show.class, UsageCommand.Reset.class})
final class UsageCommand extends CommandGroup {

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

    @Option(names = "--json", description = "print JSON: {account, user, plan, credits, gates: [...], meters: {NAME: "
        + "{counted, reported, inFlight}}, stripeCustomer}")
    boolean json;

    @Override
    public Integer call() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("account", account);
      p.put("member", member);
      JsonObject o = AdminCalls.run(spec, common, AdminRequest.Action.USAGE_SHOW, p);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.PRETTY.toJson(o));
        return 0;
      }
      out.println("account " + o.get("account").getAsString() + "  plan " + o.get("plan").getAsString() + "  credits "
          + o.get("credits").getAsLong());
      out.printf("%-16s %-28s %12s  %s%n", "LOOP", "GATE", "USED/LIMIT", "RESETS");
      for (JsonElement e : o.getAsJsonArray("gates")) {
        JsonObject g = e.getAsJsonObject();
        long limit = g.get("limit").getAsLong();
        String resets = g.has("resetAt") && !g.get("resetAt").isJsonNull() ? g.get("resetAt").getAsString() : "-";
        out.printf("%-16s %-28s %12s  %s%n", g.get("loop").getAsString(), g.get("gate").getAsString(),
            g.get("used").getAsLong() + "/" + (limit < 0 ? "unlimited" : Long.toString(limit)), resets);
      }
      boolean noCustomer = !o.has("stripeCustomer") || o.get("stripeCustomer").isJsonNull();
      for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("meters").entrySet()) {
        JsonObject m = e.getValue().getAsJsonObject();
        long counted = m.get("counted").getAsLong();
        long reported = m.get("reported").getAsLong();
        long inFlight = m.get("inFlight").getAsLong();
        out.println("overage " + e.getKey() + ": " + counted + " units counted, " + reported + " reported to Stripe"
            + (inFlight == 0 ? "" : ", " + inFlight + " being reported")
            + (noCustomer && counted > reported ? " (no Stripe customer linked yet)" : ""));
      }
      return 0;
    }
  }

  /** {@code usage reset}. */
  @Command(name = "reset", mixinStandardHelpOptions = true, description = {"Starts an account's windows afresh.",
      "Forgets the account's current windows (all loops, or one) so its next call starts a new one.",
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
    public Integer call() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("account", account);
      p.put("loop", loop);
      JsonObject r = AdminCalls.run(spec, common, AdminRequest.Action.USAGE_RESET, p);
      spec.commandLine().getOut().println("reset " + r.get("account").getAsString() + ": " + r.get("gates").getAsInt()
          + " gate(s)" + (loop == null ? "" : " of loop " + loop));
      return 0;
    }
  }
}
