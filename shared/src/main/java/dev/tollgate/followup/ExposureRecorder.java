package dev.tollgate.followup;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.events.EventDetails;
import dev.tollgate.events.EventOutbox;
import dev.tollgate.experiment.Assignment;
import dev.tollgate.experiment.ExperimentLog;
import dev.tollgate.experiment.Experiments;
import dev.tollgate.metrics.Emf;
import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Passes crossings on to {@code delegate}; a first denial of an account on an experiment's loop
 * is the account's exposure to its arm (the 402 it saw carried the arm's prompt). The first one
 * per experiment and account is recorded ({@link ExperimentLog}), written as an EMF line
 * ({@code Exposures} per {@code experiment} and {@code arm}) and announced as an
 * {@code experiment.exposure} event; a repeated drain of the same denial repeats only the
 * idempotent parts, and later denials of an exposed account announce nothing.
 */
public final class ExposureRecorder implements LimitEvents {
  private final LimitEvents delegate;
  private final ExperimentLog log;
  private final EventOutbox outbox;
  private final Experiments experiments;
  private final Consumer<String> metrics;
  private final Clock clock;

  /** Crossings recorded by {@code delegate}; exposures to {@code log}, {@code outbox} and {@code metrics}. */
  public ExposureRecorder(LimitEvents delegate, ExperimentLog log, EventOutbox outbox, GatingConfig config,
      Consumer<String> metrics, Clock clock) {
    this.delegate = delegate;
    this.log = log;
    this.outbox = outbox;
    this.experiments = new Experiments(config);
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void limitReached(LimitReached e) {
    delegate.limitReached(e);
    Optional<Assignment> a = experiments.recorded(e.arm(), e.loop());
    if (a.isEmpty()) {
      return;
    }
    ExperimentLog.Exposure x = log.exposed(a.get().experiment(), a.get().arm().name(), e.account(), e.at());
    if (x.recordedNow()) {
      metrics.accept(Emf.counts(e.at(), Map.of("experiment", a.get().experiment(), "arm", x.arm()),
          Map.of("Exposures", 1)));
    }
    // only the denial that exposed the account announces it (again, if its drain is repeated)
    if (x.at().equals(e.at()) && x.arm().equals(a.get().arm().name())) {
      outbox.add(EventDetails.exposure(e, a.get()), clock.instant());
    }
  }

  @Override
  public void warningReached(LimitReached e) {
    delegate.warningReached(e);
  }

  @Override
  public void thresholdReached(LimitReached e, int permille) {
    delegate.thresholdReached(e, permille);
  }
}
