package dev.tollgate.events;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.experiment.Assignment;
import dev.tollgate.experiment.Experiments;
import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/**
 * Passes crossings on to {@code delegate}, then adds their events to the outbox: a first denial
 * becomes {@code limit.reached}, a threshold of {@code events.thresholds} becomes
 * {@code usage.threshold} (a {@code warnAt} share that is not one of them is an email matter
 * only). Adding is idempotent per event id, so a repeated drain adds nothing twice.
 */
public final class EventingLimitEvents implements LimitEvents {
  private final LimitEvents delegate;
  private final EventOutbox outbox;
  private final Experiments experiments;
  private final Set<Integer> thresholds = new HashSet<>();
  private final Clock clock;

  /** Crossings recorded by {@code delegate}, with events for {@code config}'s thresholds added to {@code outbox}. */
  public EventingLimitEvents(LimitEvents delegate, EventOutbox outbox, GatingConfig config, Clock clock) {
    this.delegate = delegate;
    this.outbox = outbox;
    this.experiments = new Experiments(config);
    this.clock = clock;
    config.events().thresholds().forEach(t -> thresholds.add((int) Math.round(t * 1000)));
  }

  @Override
  public void limitReached(LimitReached e) {
    delegate.limitReached(e);
    Assignment arm = experiments.recorded(e.arm(), e.loop()).orElse(null);
    outbox.add(EventDetails.limitReached(e, arm), clock.instant());
  }

  @Override
  public void warningReached(LimitReached e) {
    delegate.warningReached(e);
  }

  @Override
  public void thresholdReached(LimitReached e, int permille) {
    delegate.thresholdReached(e, permille);
    if (thresholds.contains(permille)) {
      outbox.add(EventDetails.usageThreshold(e, permille), clock.instant());
    }
  }
}
