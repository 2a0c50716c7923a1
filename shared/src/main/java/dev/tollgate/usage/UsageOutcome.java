package dev.tollgate.usage;

import java.util.List;

/**
 * The result of one atomic check-and-count: allowed only if every gate allowed (then each
 * counted the call once; when denied none did), the user's effective plan, and each gate's
 * result in the order the gates were given.
 */
public record UsageOutcome(boolean allowed, String plan, List<GateResult> gates) {}
