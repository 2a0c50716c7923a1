package dev.tollgate.followup;

import dev.tollgate.identity.AccountId;
import dev.tollgate.usage.DenyReason;
import dev.tollgate.usage.EventMeta;
import java.time.Instant;
import java.util.List;

/**
 * One event the decision left in an account's outbox for the scheduled function: a gate's
 * first denial in a window ({@link Kind#LIMIT}) or a threshold reached ({@link Kind#THRESHOLD}).
 *
 * @param kind which event
 * @param account the account
 * @param gateId the gate
 * @param userId the member whose call caused it
 * @param meta email and experiment arm of that call
 * @param used included units used at the time
 * @param limit the included limit
 * @param windowStart start of the window
 * @param windowEnd end of the window
 * @param at when it happened (the call's time)
 * @param plan the account's effective plan
 * @param reason for a denial, why (else {@link DenyReason#NONE})
 * @param permille for a threshold, its share in thousandths (else 0)
 */
public record PendingEvent(Kind kind, AccountId account, String gateId, String userId, EventMeta meta, long used,
    long limit, Instant windowStart, Instant windowEnd, Instant at, String plan, DenyReason reason, int permille) {

  /** Event kinds. */
  public enum Kind {
    /** First denial by a gate in a window. */
    LIMIT,
    /** A threshold share of the limit first reached in a window. */
    THRESHOLD
  }

  /**
   * Reads one outbox line of {@code account} (see {@code DecisionScript}); {@code plans} maps
   * the 1-based plan index. Null for a pending marker ({@code P}: work without an event, e.g.
   * overage to report). Throws {@link IllegalArgumentException} on a malformed line.
   */
  public static PendingEvent decode(AccountId account, String line, List<String> plans) {
    String[] f = line.split("\t", -1);
    if (f.length == 2 && f[0].equals("P")) {
      return null;
    }
    if (f.length != 11 || !(f[0].equals("L") || f[0].equals("T"))) {
      throw new IllegalArgumentException("not an outbox event: " + f.length + " fields");
    }
    Kind kind = f[0].equals("L") ? Kind.LIMIT : Kind.THRESHOLD;
    int plan = Integer.parseInt(f[9]) - 1;
    int detail = Integer.parseInt(f[10]);
    return new PendingEvent(kind, account, f[1], f[2], EventMeta.decode(f[3]), Long.parseLong(f[4]),
        Long.parseLong(f[5]), Instant.ofEpochMilli(Long.parseLong(f[6])), Instant.ofEpochMilli(Long.parseLong(f[7])),
        Instant.ofEpochMilli(Long.parseLong(f[8])), plans.get(plan),
        kind == Kind.LIMIT ? DenyReason.ofCode(detail) : DenyReason.NONE, kind == Kind.THRESHOLD ? detail : 0);
  }

  /** Identifies the event for de-duplicating its follow-up (account, gate, window, kind, share). */
  public String id() {
    return account.value() + "|" + gateId + "|" + windowStart.toEpochMilli() + "|" + kind + "|" + permille;
  }
}
