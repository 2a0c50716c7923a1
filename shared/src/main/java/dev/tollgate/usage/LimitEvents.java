package dev.tollgate.usage;

/**
 * What a limit crossing sets off: the funnel count and the email sequence. Called by the
 * scheduled function when it drains the accounts' pending events; each call is idempotent per
 * crossing ({@link LimitReached#crossingId}), since a drain that fails is repeated.
 */
public interface LimitEvents {
  /** An account was blocked by a gate for the first time in this window. */
  void limitReached(LimitReached event);

  /** An account passed the gate's {@code warnAt} share of the limit in this window. */
  void warningReached(LimitReached event);

  /** A threshold share ({@code permille} thousandths) of the limit was first reached in a window. */
  default void thresholdReached(LimitReached event, int permille) {}

  /** Ignores every event (for tests and tools that only count). */
  LimitEvents NONE = new LimitEvents() {
    @Override
    public void limitReached(LimitReached event) {}

    @Override
    public void warningReached(LimitReached event) {}
  };
}
