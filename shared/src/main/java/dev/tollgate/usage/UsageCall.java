package dev.tollgate.usage;

import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import java.time.Instant;
import java.util.List;

/**
 * One call to check and count: the account it draws on, the calling member, the matched
 * gates, the caller's clock, the time after which the answer is no longer awaited (null =
 * none; the store must then count nothing) and the event meta copied into follow-up events
 * (see {@link EventMeta}).
 */
public record UsageCall(AccountId account, UserId user, List<Gate> gates, Instant now, Instant deadline, String meta) {
  /** A call of a user on their personal account, without a deadline or meta (tests and tools). */
  public static UsageCall personal(String userId, List<Gate> gates, Instant now) {
    UserId u = UserId.of(userId);
    return new UsageCall(AccountId.personal(u), u, gates, now, null, "");
  }
}
