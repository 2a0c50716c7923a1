package dev.tollgate.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.tollgate.admin.AdminRequest;
import dev.tollgate.config.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tollgate report}: the funnel per loop, over a range of days and per day. */
@Command(name = "report", mixinStandardHelpOptions = true, description = {"Prints the funnel per loop, in total and per day.",
        "Limit reached, prompts sent, conversions, conversion rate, median time to convert; totals over the last",
        "--days (UTC) and per day; overage per account: meter events dead-lettered, overage waiting for a Stripe",
        "customer. --json for machines."})
final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--days", defaultValue = "30", paramLabel = "N",
      description = "days back from today, UTC, today included (default: ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--json", description = "print JSON: {\"loops\": {NAME: {limitReached, promptsSent, conversions, ...}}, "
      + "\"days\": [...], \"meters\": {deadLetters, waitingForCustomer, accountsToReport}, ...}")
  boolean json;

  @Override
  public Integer call() {
    JsonObject doc = AdminCalls.run(spec, common, AdminRequest.Action.REPORT, Map.of("days", Integer.toString(days)));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.PRETTY.toJson(doc));
      return 0;
    }
    out.println("Funnel " + doc.get("from").getAsString() + " .. " + doc.get("to").getAsString() + " (UTC, " + days
        + " days)");
    header(out, "LOOP");
    for (Map.Entry<String, JsonElement> e : doc.getAsJsonObject("loops").entrySet()) {
      row(out, e.getKey(), e.getValue().getAsJsonObject());
    }
    out.println("paid without hitting a limit: " + doc.get("paidWithoutLimit").getAsLong());
    JsonObject dead = doc.getAsJsonObject("deadLetters");
    out.println("emails in the dead-letter set (all time, by loop): " + (dead.size() == 0 ? "none"
        : dead.toString().replace("\"", "").replace(":", "=")));
    out.println("email claims refused (not exactly one address; those callers get no email): "
        + doc.get("emailClaimsRefused").getAsLong());
    meters(out, doc.getAsJsonObject("meters"));
    boolean any = false;
    for (JsonElement d : doc.getAsJsonArray("days")) {
      JsonObject day = d.getAsJsonObject();
      for (Map.Entry<String, JsonElement> e : day.getAsJsonObject("loops").entrySet()) {
        if (!any) {
          out.println();
          out.println("By day:");
          header(out, "DAY        LOOP");
          any = true;
        }
        row(out, day.get("day").getAsString() + " " + e.getKey(), e.getValue().getAsJsonObject());
      }
    }
    return 0;
  }

  /** The overage that did not reach Stripe, per account. */
  private static void meters(PrintWriter out, JsonObject m) {
    JsonArray dead = m.getAsJsonArray("deadLetters");
    out.println("overage meter events dead-lettered (not billed; check them in Stripe, then bill by hand): "
        + (dead.isEmpty() ? "none" : dead.size()));
    for (JsonElement e : dead) {
      JsonObject x = e.getAsJsonObject();
      out.println("  " + x.get("account").getAsString() + "  " + x.get("meter").getAsString() + "  "
          + x.get("units").getAsLong() + " units  customer " + text(x, "customer") + "  " + x.get("attempts").getAsInt()
          + " attempts  " + x.get("at").getAsString() + "  " + text(x, "error"));
    }
    JsonArray held = m.getAsJsonArray("waitingForCustomer");
    out.println("overage waiting for a linked Stripe customer: " + (held.isEmpty() ? "none" : held.size()
        + " account(s)"));
    for (JsonElement e : held) {
      JsonObject x = e.getAsJsonObject();
      out.println("  " + x.get("account").getAsString() + "  " + x.getAsJsonObject("units").toString()
          .replace("\"", "").replace(":", "=") + "  since " + x.get("since").getAsString());
    }
    out.println("accounts with overage still to report: " + m.get("accountsToReport").getAsLong());
  }

  private static String text(JsonObject o, String field) {
    JsonElement v = o.get(field);
    return v == null || v.isJsonNull() ? "-" : v.getAsString();
  }

  private static void header(PrintWriter out, String first) {
    out.printf("%-28s %14s %13s %12s %8s  %s%n", first, "LIMIT REACHED", "PROMPTS SENT", "CONVERSIONS", "RATE",
        "MEDIAN TIME TO CONVERT");
  }

  private static void row(PrintWriter out, String first, JsonObject f) {
    JsonElement median = f.get("medianTimeToConvertMs");
    out.printf(Locale.ROOT, "%-28s %14d %13d %12d %7.1f%%  %s%n", first, f.get("limitReached").getAsLong(),
        f.get("promptsSent").getAsLong(), f.get("conversions").getAsLong(), f.get("conversionRate").getAsDouble() * 100,
        median == null || median.isJsonNull() ? "-" : human(Duration.ofMillis(median.getAsLong())));
  }

  private static String human(Duration d) {
    if (d.toMillis() < 60_000) {
      return d.toMillis() / 1000 + "s";
    }
    return d.toSeconds() % 60 == 0 ? Durations.format(d) : d.toMinutes() + "m" + d.toSecondsPart() + "s";
  }
}
