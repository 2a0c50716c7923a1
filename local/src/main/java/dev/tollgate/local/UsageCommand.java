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

/** {@code tollgate usage}: a user's counters per gate, and resetting them. */
@Command(name = "usage", mixinStandardHelpOptions = true, description = "Shows or resets a user's usage counters.",
    subcommands = {UsageCommand.Show.class, UsageCommand.Reset.class})
final class UsageCommand extends CommandGroup {

  /** {@code usage show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = {"Shows a user's plan and usage per gate.",
      "The effective plan and, per gate, calls used in the current window (counts nothing)."})
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
    public Integer call() {
      CommandGroup.checkUser(spec, "USER", user);
      JsonObject o = AdminCalls.run(spec, common, AdminRequest.Action.USAGE_SHOW, Map.of("user", user));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.PRETTY.toJson(o));
        return 0;
      }
      out.println("user " + user + "  plan " + o.get("plan").getAsString());
      out.printf("%-16s %-28s %12s  %s%n", "LOOP", "GATE", "USED/LIMIT", "RESETS");
      for (JsonElement e : o.getAsJsonArray("gates")) {
        JsonObject g = e.getAsJsonObject();
        long limit = g.get("limit").getAsLong();
        String resets = g.has("resetAt") && !g.get("resetAt").isJsonNull() ? g.get("resetAt").getAsString() : "-";
        out.printf("%-16s %-28s %12s  %s%n", g.get("loop").getAsString(), g.get("gate").getAsString(),
            g.get("used").getAsLong() + "/" + (limit < 0 ? "unlimited" : Long.toString(limit)), resets);
      }
      return 0;
    }
  }

  /** {@code usage reset}. */
  @Command(name = "reset", mixinStandardHelpOptions = true, description = {"Starts a user's windows afresh.",
      "Forgets the user's current windows (all loops, or one) so their next call starts a new one."})
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
    public Integer call() {
      CommandGroup.checkUser(spec, "USER", user);
      Map<String, String> p = new LinkedHashMap<>();
      p.put("user", user);
      p.put("loop", loop);
      JsonObject r = AdminCalls.run(spec, common, AdminRequest.Action.USAGE_RESET, p);
      spec.commandLine().getOut().println("reset " + user + ": " + r.get("gates").getAsInt() + " gate(s)"
          + (loop == null ? "" : " of loop " + loop));
      return 0;
    }
  }
}
