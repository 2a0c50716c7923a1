package dev.tollgate.usage;

/**
 * Where the authorizer reports limit crossings (funnel, timeline, email scheduling). Each
 * call may cost at most one Redis command: it runs on the crossing call only.
 */
public interface LimitEvents {
  /** A user was blocked by a gate for the first time in this window. */
  void limitReached(LimitReached event);

  /** A user passed the gate's {@code warnAt} share of the limit in this window. */
  void warningReached(LimitReached event);

  /** Ignores every event (for tests and tools that only count). */
  LimitEvents NONE = new LimitEvents() {
    @Override
    public void limitReached(LimitReached event) {}

    @Override
    public void warningReached(LimitReached event) {}
  };
}
