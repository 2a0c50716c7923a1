package dev.tollgate.usage;

/**
 * What the authorizer answers for one request.
 *
 * @param verdict what to do with the request
 * @param plan the user's effective plan (null when not looked up: ungated or store down)
 * @param tightest the gate that decided: the denying gate, or the allowing gate with the
 *     fewest calls left (null when ungated or the store was down)
 * @param message the block message of the denying loop (null unless denied)
 * @param upgradeUrl the upgrade link rendered for the user (empty when none is configured)
 */
public record GateDecision(Verdict verdict, String plan, GateResult tightest, String message, String upgradeUrl) {

  /** The possible answers. */
  public enum Verdict {
    /** No loop counts this request: allowed without touching Redis. */
    UNGATED,
    /** Allowed and counted in every matched gate. */
    ALLOWED,
    /** Blocked: a matched gate's limit is used up (HTTP 402). */
    DENIED,
    /** Redis did not answer in time and {@code failMode: open}: allowed uncounted. */
    FAIL_OPEN,
    /** Redis did not answer in time and {@code failMode: closed}: refused. */
    FAIL_CLOSED
  }

  /** Whether the request may pass. */
  public boolean allowed() {
    return verdict == Verdict.UNGATED || verdict == Verdict.ALLOWED || verdict == Verdict.FAIL_OPEN;
  }
}
