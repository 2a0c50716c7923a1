package dev.tollgate.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.credits.CreditStore;
import dev.tollgate.identity.AccountId;
import dev.tollgate.redis.RedisCreditStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import redis.clients.jedis.UnifiedJedis;

/** {@code tollgate credits}: prepaid units of an account (drawn once its plan's allowance is used). */
@Command(name = "credits", mixinStandardHelpOptions = true, description = "Grant and show an account's prepaid credits.",
    subcommands = {CreditsCommand.Grant.class, CreditsCommand.Show.class})
final class CreditsCommand extends CommandGroup {
  /** Grant ids: what Stripe ids and operators use (no separator the stored record uses). */
  static final Pattern GRANT_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

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
      AccountId a = CommandGroup.account(spec, "ACCOUNT", account);
      if (amount < 1 || amount > 1_000_000_000L) {
        throw new CommandLine.ParameterException(spec.commandLine(), "N must be 1..1000000000 units, got " + amount);
      }
      if (id != null && !GRANT_ID.matcher(id).matches()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--id must be 1-128 letters, digits or . _ : -, "
            + "got '" + id + "'");
      }
      Instant now = Instant.now();
      Instant end = null;
      if (expires != null) {
        try {
          end = Instant.parse(expires);
        } catch (DateTimeParseException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--expires must be an ISO instant like "
              + "2026-12-31T00:00:00Z, got " + expires);
        }
        if (!end.isAfter(now)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--expires " + expires + " is not in the future");
        }
      }
      String grantId = id != null ? id : "cli_" + UUID.randomUUID().toString().replace("-", "");
      boolean granted;
      long balance;
      try (UnifiedJedis redis = common.connect(System.getenv())) {
        RedisCreditStore store = new RedisCreditStore(redis);
        granted = store.grant(a, grantId, amount, end, now);
        balance = store.show(a, now).balance();
      }
      spec.commandLine().getOut().println((granted ? "granted " + amount + " credits to " + a + " as " + grantId
          + (end == null ? "" : " (expire " + end + ")") : "grant " + grantId + " was already given to " + a
          + ": nothing changed") + "; balance " + balance);
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
      AccountId a = CommandGroup.account(spec, "ACCOUNT", account);
      Instant now = Instant.now();
      CreditStore.Credits c;
      try (UnifiedJedis redis = common.connect(System.getenv())) {
        c = new RedisCreditStore(redis).show(a, now);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        JsonObject doc = new JsonObject();
        doc.addProperty("account", a.value());
        doc.addProperty("balance", c.balance());
        JsonArray grants = new JsonArray();
        for (CreditStore.Grant g : c.grants()) {
          JsonObject o = new JsonObject();
          o.addProperty("id", g.id());
          o.addProperty("remaining", g.remaining());
          o.addProperty("granted", g.granted());
          o.addProperty("grantedAt", g.grantedAt().toString());
          o.addProperty("expires", g.expires() == null ? null : g.expires().toString());
          o.addProperty("live", g.liveAt(now));
          grants.add(o);
        }
        doc.add("grants", grants);
        out.println(Json.PRETTY.toJson(doc));
        return 0;
      }
      out.println("account " + a + "  credits " + c.balance());
      out.printf("%-40s %10s %10s  %-24s %s%n", "GRANT", "REMAINING", "GRANTED", "GRANTED AT", "EXPIRES");
      for (CreditStore.Grant g : c.grants()) {
        out.printf("%-40s %10d %10d  %-24s %s%n", g.id(), g.remaining(), g.granted(), g.grantedAt(),
            g.expires() == null ? "never" : g.expires() + (g.liveAt(now) || g.remaining() == 0 ? "" : " (lapsed)"));
      }
      return 0;
    }
  }
}
