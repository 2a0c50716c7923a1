package dev.tollgate.usage;

import dev.tollgate.identity.AccountId;

/**
 * Makes sure the scheduled function will find an account's pending follow-up work (first
 * denials, thresholds, overage to report), which the decision wrote into the account's own
 * slot. Called on the rare decision that reports pending work; at most one command.
 */
public interface PendingIndex {
  /** Indexes {@code account}, whose work has been pending since {@code since} (epoch ms). */
  void index(AccountId account, long since);

  /** Indexes nothing (tools and tests that only count). */
  PendingIndex NONE = (account, since) -> { };
}
