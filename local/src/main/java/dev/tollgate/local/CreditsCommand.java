package dev.tollgate.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tollgate.admin.AdminRequest;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tollgate credits}: prepaid units of an account (drawn once its plan's allowance is used). */
@Command(name = "credits", mixinStandardHelpOptions = true, description = "Grants and shows an account's prepaid credits.",
    subcommands = {CreditsCommand.Grant.class, CreditsCommand.Show.class})
final class CreditsCommand extends CommandGroup {

  /** {@code credits grant}. */
  @Command(name = "grant", mixinStandardHelpOptions = true, description = {"Grants N prepaid units to an account.",
      "Idempotent per --id: granting the same id again changes nothing (exit 0, says so)."})
  static final class Grant implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "@org, or a user id for a personal account")
    String account;

    @Parameters(index = "1", paramLabel = "N", description = "units to grant (1..1000000000)")
    long amount;

    @Option(names = "--expires", paramLabel = "ISO", description = "when the grant's unused units lapse, e.g. "
        + "2026-12-31T00:00:00Z (default: never)")
    String expires;

    @Option(names = "--id", paramLabel = "GRANT_ID", description = "the grant's id (default: a new one, printed)")
    String id;

    @Override
    public Integer call() {
      // chosen here, not by the function: a retried invocation then grants nothing twice
      String grantId = id != null ? id : "cli_" + UUID.randomUUID().toString().replace("-", "");
      Map<String, String> p = new LinkedHashMap<>();
      p.put("account", account);
      p.put("amount", Long.toString(amount));
      p.put("id", grantId);
      p.put("expires", expires);
      JsonObject r = AdminCalls.run(spec, common, AdminRequest.Action.CREDITS_GRANT, p);
      String a = r.get("account").getAsString();
      boolean lapses = r.has("expires") && !r.get("expires").isJsonNull();
      spec.commandLine().getOut().println((r.get("granted").getAsBoolean() ? "granted " + amount + " credits to " + a
          + " as " + grantId + (lapses ? " (expire " + r.get("expires").getAsString() + ")" : "")
          : "grant " + grantId + " was already given to " + a + ": nothing changed")
          + "; balance " + r.get("balance").getAsLong());
      return 0;
    }
  }

  /** {@code credits show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows an account's credit balance and grants.")
  static final class Show implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "ACCOUNT", description = "@org, or a user id for a personal account")
    String account;

    @Option(names = "--json", description = "print JSON: {account, balance, grants: [{id, remaining, granted, grantedAt, "
        + "expires, live}]}")
    boolean json;

    @Override
    public Integer call() {
      JsonObject doc = AdminCalls.run(spec, common, AdminRequest.Action.CREDITS_SHOW, Map.of("account", account));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.PRETTY.toJson(doc));
        return 0;
      }
      out.println("account " + doc.get("account").getAsString() + "  credits " + doc.get("balance").getAsLong());
      out.printf("%-40s %10s %10s  %-24s %s%n", "GRANT", "REMAINING", "GRANTED", "GRANTED AT", "EXPIRES");
      for (JsonElement e : doc.getAsJsonArray("grants")) {
        JsonObject g = e.getAsJsonObject();
        long remaining = g.get("remaining").getAsLong();
        String expires = !g.has("expires") || g.get("expires").isJsonNull() ? "never" : g.get("expires").getAsString()
            + (g.get("live").getAsBoolean() || remaining == 0 ? "" : " (lapsed)");
        out.printf("%-40s %10d %10d  %-24s %s%n", g.get("id").getAsString(), remaining, g.get("granted").getAsLong(),
            g.get("grantedAt").getAsString(), expires);
      }
      return 0;
    }
  }
}
