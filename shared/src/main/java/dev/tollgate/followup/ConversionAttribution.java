package dev.tollgate.followup;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tollgate.events.TollgateEvent;
import dev.tollgate.experiment.ExperimentLog;
import dev.tollgate.identity.AccountId;
import dev.tollgate.metrics.Emf;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Attributes a {@code conversion} event to the experiment arms its account was exposed to,
 * just before it is published: every exposure in the account's timeline made no later than the
 * payment and within the attribution window. Each attributed arm counts the conversion once per
 * experiment and account ({@link ExperimentLog#converted}, with an EMF line {@code Conversions}
 * per {@code experiment} and {@code arm}), and the event's {@code detail.experiments} names the
 * arms. Done here rather than by the webhook so a payment made before the scheduled function
 * recorded the exposure (both within one run interval) is still attributed: the run drains
 * exposures before it publishes. Other events pass unchanged.
 */
public final class ConversionAttribution implements UnaryOperator<TollgateEvent> {
  private final ExperimentLog log;
  private final Duration window;
  private final Consumer<String> metrics;

  /** Attribution by {@code log}'s exposures within {@code window}, EMF lines to {@code metrics}. */
  public ConversionAttribution(ExperimentLog log, Duration window, Consumer<String> metrics) {
    this.log = log;
    this.window = window;
    this.metrics = metrics;
  }

  @Override
  public TollgateEvent apply(TollgateEvent e) {
    if (!e.type().equals(TollgateEvent.CONVERSION)) {
      return e;
    }
    JsonObject d = JsonParser.parseString(e.detail()).getAsJsonObject();
    AccountId account = AccountId.parse(d.get("account").getAsString());
    Map<String, String> arms = new TreeMap<>();
    if (d.has("experiments") && d.get("experiments").isJsonObject()) {
      d.getAsJsonObject("experiments").entrySet().forEach(x -> arms.put(x.getKey(), x.getValue().getAsString()));
    }
    long paid = e.time().toEpochMilli();
    log.exposuresOf(account).forEach((experiment, x) -> {
      long seen = x.at().toEpochMilli();
      if (seen <= paid && paid - seen <= window.toMillis()) {
        arms.putIfAbsent(experiment, x.arm());
      }
    });
    for (Map.Entry<String, String> a : arms.entrySet()) {
      if (log.converted(a.getKey(), a.getValue(), account)) {
        metrics.accept(Emf.counts(e.time(), Map.of("experiment", a.getKey(), "arm", a.getValue()),
            Map.of("Conversions", 1)));
      }
    }
    JsonObject x = new JsonObject();
    arms.forEach(x::addProperty);
    d.add("experiments", x);
    return new TollgateEvent(e.id(), e.type(), e.time(), d.toString());
  }
}
