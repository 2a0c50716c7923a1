package dev.tollgate.usage;

import java.time.Instant;
import java.util.List;

/** Usage counters and the plan they are judged by, for one user at a time. */
public interface UsageStore {
  /**
   * Atomically reads the user's plan, checks every gate and, only if all allow, counts the
   * call in each; records the first denial per window. One round trip on Redis.
   */
  UsageOutcome consume(String userId, List<Gate> gates, Instant now) throws UsageStoreUnavailableException;

  /** The user's effective plan and current counts, counting nothing. */
  UsageOutcome peek(String userId, List<Gate> gates, Instant now) throws UsageStoreUnavailableException;

  /** Forgets the user's windows of the given gates, so their next call starts afresh. */
  void reset(String userId, List<Gate> gates) throws UsageStoreUnavailableException;
}
