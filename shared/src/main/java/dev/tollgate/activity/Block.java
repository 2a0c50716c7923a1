package dev.tollgate.activity;

import java.time.Instant;

/**
 * An account's first denial by a gate in a window.
 *
 * @param id the crossing's id (account, gate, window, kind): what makes recording it idempotent
 * @param at when the denied call came
 * @param account the account blocked
 * @param userId the member whose call was denied
 * @param loop the gate's loop
 * @param gateId the gate
 * @param plan the account's effective plan then
 * @param reason the 402 body's {@code error} code
 * @param used included units used then
 * @param limit the included limit
 */
public record Block(String id, Instant at, String account, String userId, String loop, String gateId, String plan,
    String reason, long used, long limit) {}
