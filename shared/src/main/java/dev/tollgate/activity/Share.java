package dev.tollgate.activity;

import java.time.Instant;

/**
 * The share of a gate's limit an account reached in a window (a threshold event, or a first
 * denial, which is the whole limit).
 *
 * @param account the account
 * @param userId the member whose call reached it
 * @param loop the gate's loop
 * @param gateId the gate
 * @param plan the account's effective plan then
 * @param permille the share in thousandths (1000 = the whole limit)
 * @param used included units used then
 * @param limit the included limit
 * @param at when it was reached
 * @param windowStart start of the window
 * @param windowEnd end of the window (when the allowance resets)
 */
public record Share(String account, String userId, String loop, String gateId, String plan, int permille, long used,
    long limit, Instant at, Instant windowStart, Instant windowEnd) {}
