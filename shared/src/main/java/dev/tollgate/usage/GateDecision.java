package dev.tollgate.usage;

import dev.tollgate.identity.AccountId;

/**
 * What the authorizer answers for one request.
 *
 * @param verdict what to do with the request
 * @param plan the account's effective plan (null when not looked up: ungated or store down)
 * @param tightest the gate that decided: the denying gate, or the allowing gate with the
 *     fewest units left (null when ungated or the store was down)
 * @param message the block message of the denying loop (null unless denied)
 * @param upgradeUrl the upgrade link rendered for the account (empty when none is configured)
 * @param account the account the call was counted in
 * @param outcome the store's whole answer (null when ungated or the store was down)
 */
public record GateDecision(Verdict verdict, String plan, GateResult tightest, String message, String upgradeUrl,
    AccountId account, UsageOutcome outcome) {

  /** The possible answers. */
  public enum Verdict {
    /** No loop counts this request: allowed without touching Redis. */
    UNGATED,
    /** Allowed and counted in every matched gate. */
    ALLOWED,
    /** Blocked: a matched gate refused (HTTP 402, {@link #reason()} says why). */
    DENIED,
    /** Redis did not answer in time and {@code failMode: open}: allowed uncounted. */
    FAIL_OPEN,
    /** Redis did not answer in time and {@code failMode: closed}: refused. */
    FAIL_CLOSED
  }

  /** A request no loop counts, by {@code account}: allowed without touching Redis. */
  public static GateDecision ungated(AccountId account) {
    return new GateDecision(Verdict.UNGATED, null, null, null, null, account, null);
  }

  /** Whether the request may pass. */
  public boolean allowed() {
    return verdict == Verdict.UNGATED || verdict == Verdict.ALLOWED || verdict == Verdict.FAIL_OPEN;
  }

  /** Why it was denied ({@link DenyReason#NONE} unless denied). */
  public DenyReason reason() {
    return verdict == Verdict.DENIED && tightest != null ? tightest.reason() : DenyReason.NONE;
  }
}
