package dev.tollgate.email;

import java.time.Duration;

/** Waits; injected so tests can move a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** Waits {@code d}. */
  void sleep(Duration d) throws InterruptedException;

  /** The real thing. */
  Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()), (int) (d.toNanosPart() % 1_000_000));
}
