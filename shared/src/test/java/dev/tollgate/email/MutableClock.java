package dev.tollgate.email;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; its {@link #sleeper()} advances it instead of sleeping. */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /** A clock reading {@code start}. */
  public MutableClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code d}. */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  /** A sleeper that advances this clock. */
  public Sleeper sleeper() {
    return this::advance;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
