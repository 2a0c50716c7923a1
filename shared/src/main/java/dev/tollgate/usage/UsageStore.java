package dev.tollgate.usage;

import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import java.time.Instant;
import java.util.List;

/** Usage counters and the plan they are judged by, for one account at a time. */
public interface UsageStore {
  /**
   * Atomically reads the account's plan, checks every gate and, only if all allow, counts the
   * call in each; records the first denial per window. One round trip on Redis. Throws when
   * the store cannot answer, including when it would act after {@link UsageCall#deadline()}
   * (then it counts nothing).
   */
  UsageOutcome consume(UsageCall call) throws UsageStoreUnavailableException;

  /** The account's effective plan and current counts (as {@code user} sees them), counting nothing. */
  UsageOutcome peek(AccountId account, UserId user, List<Gate> gates, Instant now)
      throws UsageStoreUnavailableException;

  /** Forgets the account's windows of the given gates, so its next call starts afresh. */
  void reset(AccountId account, List<Gate> gates) throws UsageStoreUnavailableException;

  /** {@link #consume(UsageCall)} for a user's own account, without a deadline (tests and tools). */
  default UsageOutcome consume(String userId, List<Gate> gates, Instant now) throws UsageStoreUnavailableException {
    return consume(UsageCall.personal(userId, gates, now));
  }

  /** {@link #reset(AccountId, List)} of a user's own account. */
  default void reset(String userId, List<Gate> gates) throws UsageStoreUnavailableException {
    reset(AccountId.personal(UserId.of(userId)), gates);
  }

  /** {@link #peek} of a user's own account. */
  default UsageOutcome peek(String userId, List<Gate> gates, Instant now) throws UsageStoreUnavailableException {
    UserId u = UserId.of(userId);
    return peek(AccountId.personal(u), u, gates, now);
  }
}
