package dev.tollgate.experiment;

import com.google.gson.JsonObject;
import dev.tollgate.config.GatingConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The experiments section of {@code tollgate report}, pure: per experiment and arm the accounts
 * exposed, the conversions, the rate with its Wilson 95 % interval, and the p-value that the
 * arms convert alike ({@link Proportions#homogeneityPValue}). Figures are since the experiment
 * started (not limited to the report's days).
 *
 * @param experiments per experiment name, in config order (then any no longer configured)
 */
public record ExperimentReport(Map<String, Result> experiments) {

  /** One experiment: its loop (null when no longer configured), its arms and the p-value (NaN: not enough data). */
  public record Result(String loop, Map<String, ArmResult> arms, double pValue) {}

  /** One arm's figures. */
  public record ArmResult(long exposed, long conversions, double rate, double ci95Low, double ci95High) {}

  /** The report of {@code config}'s experiments from {@code log}. */
  public static ExperimentReport of(GatingConfig config, ExperimentLog log) {
    Map<String, Map<String, ExperimentLog.ArmCounts>> counts = new LinkedHashMap<>();
    config.experiments().keySet().forEach(name -> counts.put(name, log.counts(name)));
    return of(config, counts);
  }

  /** The report of {@code counts} (experiment to arm to counts) for {@code config}'s experiments. */
  public static ExperimentReport of(GatingConfig config, Map<String, Map<String, ExperimentLog.ArmCounts>> counts) {
    Map<String, Result> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, ExperimentLog.ArmCounts>> x : counts.entrySet()) {
      GatingConfig.Experiment configured = config.experiments().get(x.getKey());
      Map<String, ExperimentLog.ArmCounts> arms = new LinkedHashMap<>();
      if (configured != null) {
        configured.arms().keySet().forEach(a -> arms.put(a, new ExperimentLog.ArmCounts(0, 0)));
      }
      new TreeMap<>(x.getValue()).forEach(arms::put);
      Map<String, ArmResult> results = new LinkedHashMap<>();
      long[] s = new long[arms.size()];
      long[] n = new long[arms.size()];
      int i = 0;
      for (Map.Entry<String, ExperimentLog.ArmCounts> a : arms.entrySet()) {
        long exposed = a.getValue().exposed();
        long conversions = Math.min(a.getValue().conversions(), exposed);
        Proportions.Interval ci = Proportions.wilson(conversions, exposed, Proportions.Z95);
        results.put(a.getKey(), new ArmResult(exposed, conversions, exposed == 0 ? 0 : (double) conversions / exposed,
            ci.low(), ci.high()));
        s[i] = conversions;
        n[i++] = exposed;
      }
      out.put(x.getKey(), new Result(configured == null ? null : configured.loop(), results,
          Proportions.homogeneityPValue(s, n)));
    }
    return new ExperimentReport(out);
  }

  /**
   * The {@code experiments} object of {@code report --json}:
   * {@code {NAME: {loop, pValue, arms: {ARM: {exposed, conversions, rate, ci95Low, ci95High}}}}}
   * ({@code pValue} null when fewer than two arms have exposures).
   */
  public JsonObject toJson() {
    JsonObject doc = new JsonObject();
    experiments.forEach((name, r) -> {
      JsonObject x = new JsonObject();
      x.addProperty("loop", r.loop());
      x.addProperty("pValue", Double.isNaN(r.pValue()) ? null : r.pValue());
      JsonObject arms = new JsonObject();
      r.arms().forEach((arm, a) -> {
        JsonObject o = new JsonObject();
        o.addProperty("exposed", a.exposed());
        o.addProperty("conversions", a.conversions());
        o.addProperty("rate", a.rate());
        o.addProperty("ci95Low", a.ci95Low());
        o.addProperty("ci95High", a.ci95High());
        arms.add(arm, o);
      });
      x.add("arms", arms);
      doc.add(name, x);
    });
    return doc;
  }

  /** The text form of {@link #toJson()}'s object (which may come from a remote stack): one table per experiment. */
  public static void print(JsonObject experiments, PrintWriter out) {
    experiments.entrySet().forEach(x -> {
      JsonObject r = x.getValue().getAsJsonObject();
      boolean noP = r.get("pValue") == null || r.get("pValue").isJsonNull();
      boolean gone = r.get("loop") == null || r.get("loop").isJsonNull();
      out.println();
      out.println("Experiment " + x.getKey() + (gone ? " (no longer configured)" : " on loop " + r.get("loop")
          .getAsString()) + " (since it started): p-value " + (noP ? "- (needs exposures in two arms)"
          : String.format(Locale.ROOT, "%.4f", r.get("pValue").getAsDouble())));
      out.printf("%-28s %10s %12s %8s  %s%n", "ARM", "EXPOSED", "CONVERSIONS", "RATE", "95% CI (WILSON)");
      r.getAsJsonObject("arms").entrySet().forEach(a -> {
        JsonObject o = a.getValue().getAsJsonObject();
        out.printf(Locale.ROOT, "%-28s %10d %12d %7.1f%%  %.1f%% .. %.1f%%%n", a.getKey(), o.get("exposed").getAsLong(),
            o.get("conversions").getAsLong(), o.get("rate").getAsDouble() * 100, o.get("ci95Low").getAsDouble() * 100,
            o.get("ci95High").getAsDouble() * 100);
      });
    });
  }
}
