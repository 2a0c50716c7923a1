package dev.tollgate.metrics;

import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Passes limit crossings on to {@code delegate} and writes an EMF line per crossing
 * ({@code LimitReached} / {@code UsageWarnings} per {@code loop}), so the funnel's first stage
 * is also a CloudWatch metric.
 */
public final class MeteredLimitEvents implements LimitEvents {
  private final LimitEvents delegate;
  private final Consumer<String> out;

  /** Crossings recorded by {@code delegate}, with metric lines written to {@code out}. */
  public MeteredLimitEvents(LimitEvents delegate, Consumer<String> out) {
    this.delegate = delegate;
    this.out = out;
  }

  @Override
  public void limitReached(LimitReached event) {
    delegate.limitReached(event);
    out.accept(Emf.counts(event.at(), Map.of("loop", event.loop()), Map.of("LimitReached", 1)));
  }

  @Override
  public void thresholdReached(LimitReached event, int permille) {
    delegate.thresholdReached(event, permille);
  }

  @Override
  public void warningReached(LimitReached event) {
    delegate.warningReached(event);
    out.accept(Emf.counts(event.at(), Map.of("loop", event.loop()), Map.of("UsageWarnings", 1)));
  }
}
