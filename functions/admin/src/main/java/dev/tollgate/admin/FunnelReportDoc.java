package dev.tollgate.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.conversion.Funnel;
import dev.tollgate.conversion.ConversionReport;
import dev.tollgate.conversion.FunnelDay;
import dev.tollgate.email.EmailJob;
import dev.tollgate.email.EmailQueue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The funnel report as one JSON document ({@code tollgate report --json} prints it as is):
 * {@code {"from", "to", "loops": {NAME: {limitReached, promptsSent, conversions,
 * conversionRate, medianTimeToConvertMs, conversionsAtStep}}, "paidWithoutLimit",
 * "deadLetters": {LOOP: n}, "emailClaimsRefused", "days": [{"day", "loops", "paidWithoutLimit"}]}}.
 */
final class FunnelReportDoc {
  /** Dead letters read at most (the set is kept small by operators replaying or dropping them). */
  static final int MAX_DEAD_LETTERS = 10_000;

  private FunnelReportDoc() {}

  /** The report over the {@code days} days up to {@code today} (UTC), config loops listed even without data. */
  static JsonObject build(Funnel log, EmailQueue queue, GatingConfig cfg, LocalDate today, int days) {
    List<FunnelDay> funnel = new ArrayList<>();
    for (int i = days - 1; i >= 0; i--) {
      funnel.add(log.day(today.minusDays(i)));
    }
    Map<String, Long> deadLetters = new TreeMap<>();
    for (EmailJob j : queue.deadLetters(MAX_DEAD_LETTERS)) {
      deadLetters.merge(j.loop(), 1L, Long::sum);
    }
    ConversionReport total = ConversionReport.of(funnel);
    long refusedEmails = 0;
    for (FunnelDay d : funnel) {
      refusedEmails += d.counters().getOrDefault(dev.tollgate.conversion.Funnel.EMAIL_CLAIMS_REFUSED, 0L);
    }
    JsonObject doc = new JsonObject();
    doc.addProperty("from", today.minusDays(days - 1L).toString());
    doc.addProperty("to", today.toString());
    doc.add("loops", loops(total, cfg));
    doc.addProperty("paidWithoutLimit", total.paidWithoutLimit());
    JsonObject dead = new JsonObject();
    deadLetters.forEach(dead::addProperty);
    doc.add("deadLetters", dead);
    doc.addProperty("emailClaimsRefused", refusedEmails);
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
    return doc;
  }

  private static JsonObject loops(ConversionReport r, GatingConfig cfg) {
    Map<String, ConversionReport.LoopFunnel> all = new TreeMap<>(r.loops());
    if (cfg != null) {
      cfg.loops().forEach(l -> all.putIfAbsent(l.name(), new ConversionReport.LoopFunnel(0, 0, 0, 0, null, Map.of())));
    }
    JsonObject loops = new JsonObject();
    all.forEach((name, f) -> {
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
}
