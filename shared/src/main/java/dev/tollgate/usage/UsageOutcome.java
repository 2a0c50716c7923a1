package dev.tollgate.usage;

import java.util.List;

/**
 * The result of one atomic check-and-count: allowed only if every gate allowed (then each
 * counted the call; when denied none did), the account's effective plan (and its index in
 * the config's plan order), each gate's result
 * in the order the gates were given, since when the account has follow-up work waiting for
 * the scheduled function ({@code pendingSince}, epoch ms, 0 = none), and the account's
 * prepaid credit balance after the call ({@code -1} = not read: no credits gate matched).
 */
public record UsageOutcome(boolean allowed, String plan, int planIndex, List<GateResult> gates, long pendingSince,
    long creditBalance) {}
