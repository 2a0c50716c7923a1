package dev.tollgate.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.config.Durations;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.conversion.ConversionReport;
import dev.tollgate.conversion.FunnelDay;
import dev.tollgate.email.EmailJob;
import dev.tollgate.events.QueuedEvent;
import dev.tollgate.experiment.ExperimentReport;
import dev.tollgate.redis.RedisEventOutbox;
import dev.tollgate.redis.RedisExperimentLog;
import dev.tollgate.redis.RedisConversionLog;
import dev.tollgate.redis.RedisEmailClaimRefusals;
import dev.tollgate.redis.RedisEmailQueue;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.UnifiedJedis;

/** {@code tollgate report}: the funnel per loop, over a range of days and per day. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"The funnel per loop: limit reached, prompts sent, conversions, conversion rate, median time",
        "to convert; totals over the last --days (UTC) and per day. --json for machines."})
final class ReportCommand implements Callable<Integer> {
  /** Dead letters read at most (the set is kept small by operators replaying or dropping them). */
  static final int MAX_DEAD_LETTERS = 10_000;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Option(names = "--days", defaultValue = "30", paramLabel = "N",
      description = "days back from today, UTC, today included (default: ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--json", description = "print JSON: {\"loops\": {NAME: {limitReached, promptsSent, conversions, ...}}, "
      + "\"days\": [...], ...}")
  boolean json;

  @Override
  public Integer call() {
    if (days < 1 || days > 400) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--days must be 1..400 (the funnel keeps 400 days), "
          + "got " + days);
    }
    Map<String, String> env = System.getenv();
    GatingConfig cfg = common.config(env);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<FunnelDay> funnel = new ArrayList<>();
    Map<String, Long> deadLetters = new TreeMap<>();
    Map<String, Long> deadEvents = new TreeMap<>();
    ExperimentReport experiments;
    try (UnifiedJedis redis = common.connect(env)) {
      experiments = ExperimentReport.of(cfg, new RedisExperimentLog(redis, cfg.stripe().attributionWindow()));
      for (QueuedEvent e : new RedisEventOutbox(redis).deadLetters(MAX_DEAD_LETTERS)) {
        deadEvents.merge(e.event().type(), 1L, Long::sum);
      }
      RedisConversionLog log = new RedisConversionLog(redis);
      for (int i = days - 1; i >= 0; i--) {
        funnel.add(log.day(today.minusDays(i)));
      }
      for (EmailJob j : new RedisEmailQueue(redis).deadLetters(MAX_DEAD_LETTERS)) {
        deadLetters.merge(j.loop(), 1L, Long::sum);
      }
    }
    ConversionReport total = ConversionReport.of(funnel);
    long refusedEmails = 0;
    for (FunnelDay d : funnel) {
      refusedEmails += d.counters().getOrDefault(RedisEmailClaimRefusals.FIELD, 0L);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonObject doc = new JsonObject();
      doc.addProperty("from", today.minusDays(days - 1L).toString());
      doc.addProperty("to", today.toString());
      doc.add("loops", loops(total, cfg));
      doc.addProperty("paidWithoutLimit", total.paidWithoutLimit());
      doc.add("deadLetters", Json.GSON.toJsonTree(deadLetters));
      doc.addProperty("emailClaimsRefused", refusedEmails);
      doc.add("experiments", experiments.toJson());
      doc.add("eventsDeadLettered", Json.GSON.toJsonTree(deadEvents));
      JsonArray perDay = new JsonArray();
      for (FunnelDay d : funnel) {
        ConversionReport r = ConversionReport.of(List.of(d));
        if (!r.loops().isEmpty() || r.paidWithoutLimit() > 0) {
          JsonObject day = new JsonObject();
          day.addProperty("day", d.day().toString());
          day.add("loops", loops(r, null));
          day.addProperty("paidWithoutLimit", r.paidWithoutLimit());
          perDay.add(day);
        }
      }
      doc.add("days", perDay);
      out.println(Json.PRETTY.toJson(doc));
      return 0;
    }
    out.println("Funnel " + today.minusDays(days - 1L) + " .. " + today + " (UTC, " + days + " days)");
    header(out, "LOOP");
    withConfigLoops(total, cfg).forEach((loop, f) -> row(out, loop, f));
    out.println("paid without hitting a limit: " + total.paidWithoutLimit());
    out.println("emails in the dead-letter set (all time, by loop): " + (deadLetters.isEmpty() ? "none" : deadLetters));
    out.println("email claims refused (not exactly one address; those callers get no email): " + refusedEmails);
    out.println("events in the dead-letter set (all time, by detail-type): " + (deadEvents.isEmpty() ? "none"
        : deadEvents));
    experiments.print(out);
    boolean any = false;
    for (FunnelDay d : funnel) {
      ConversionReport r = ConversionReport.of(List.of(d));
      for (Map.Entry<String, ConversionReport.LoopFunnel> e : r.loops().entrySet()) {
        if (!any) {
          out.println();
          out.println("By day:");
          header(out, "DAY        LOOP");
          any = true;
        }
        row(out, d.day() + " " + e.getKey(), e.getValue());
      }
    }
    return 0;
  }

  private static JsonObject loops(ConversionReport r, GatingConfig cfg) {
    JsonObject loops = new JsonObject();
    withConfigLoops(r, cfg).forEach((name, f) -> {
      JsonObject l = new JsonObject();
      l.addProperty("limitReached", f.limitReached());
      l.addProperty("promptsSent", f.promptsSent());
      l.addProperty("conversions", f.conversions());
      l.addProperty("conversionRate", f.conversionRate());
      l.addProperty("medianTimeToConvertMs", f.medianTimeToConvert() == null ? null : f.medianTimeToConvert().toMillis());
      JsonObject atStep = new JsonObject();
      f.conversionsAtStep().forEach((step, n) -> atStep.addProperty(step < 0 ? "none" : Integer.toString(step), n));
      l.add("conversionsAtStep", atStep);
      loops.add(name, l);
    });
    return loops;
  }

  /** The report's loops plus, with zeros, the config's loops that have no data yet. */
  private static Map<String, ConversionReport.LoopFunnel> withConfigLoops(ConversionReport r, GatingConfig cfg) {
    Map<String, ConversionReport.LoopFunnel> all = new TreeMap<>(r.loops());
    if (cfg != null) {
      cfg.loops().forEach(l -> all.putIfAbsent(l.name(), new ConversionReport.LoopFunnel(0, 0, 0, 0, null, Map.of())));
    }
    return all;
  }

  private static void header(PrintWriter out, String first) {
    out.printf("%-28s %14s %13s %12s %8s  %s%n", first, "LIMIT REACHED", "PROMPTS SENT", "CONVERSIONS", "RATE",
        "MEDIAN TIME TO CONVERT");
  }

  private static void row(PrintWriter out, String first, ConversionReport.LoopFunnel f) {
    Duration m = f.medianTimeToConvert();
    out.printf(Locale.ROOT, "%-28s %14d %13d %12d %7.1f%%  %s%n", first, f.limitReached(), f.promptsSent(),
        f.conversions(), f.conversionRate() * 100, m == null ? "-" : human(m));
  }

  private static String human(Duration d) {
    if (d.toMillis() < 60_000) {
      return d.toMillis() / 1000 + "s";
    }
    return d.toSeconds() % 60 == 0 ? Durations.format(d) : d.toMinutes() + "m" + d.toSecondsPart() + "s";
  }
}
