package dev.tollgate.redis;

import dev.tollgate.email.SendBatch;
import java.time.Instant;
import java.util.List;

/**
 * The codec of {@code email_claim_sends.lua}: leases journal entries due for replay, deleting
 * those whose jobs were all settled; answers the entries to replay.
 */
final class EmailClaimSendsScript {
  static final LuaScript SCRIPT = LuaScript.load("email_claim_sends.lua");

  private EmailClaimSendsScript() {}

  /** Looks at up to {@code max} entries of {@code q} replayable at {@code now}, leasing them until {@code leaseEnd}. */
  static ScriptCall call(EmailQueueKeys q, Instant now, Instant leaseEnd, int max) {
    return new ScriptCall(List.of(q.sending(), q.sendingAt(), q.inflight()), List.of(
        Long.toString(now.toEpochMilli()), Long.toString(leaseEnd.toEpochMilli()), Integer.toString(max)));
  }

  /** The entries to replay, in replay-time order. */
  static List<SendBatch> reply(Object reply) {
    return ScriptReplies.payloads(SCRIPT.name(), reply, SendBatch::decode);
  }
}
