package dev.tollgate.redis;

import dev.tollgate.email.SendBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec of {@code email_begin_send.lua}: journals a batch whose jobs are all still leased
 * ("begin"), or rewrites an entry still present ("postpone").
 */
final class EmailBeginSendScript {
  static final LuaScript SCRIPT = LuaScript.load("email_begin_send.lua");

  private EmailBeginSendScript() {}

  /**
   * Journals {@code batch} in {@code q}, replayable from {@code replayAt}, if all its jobs are still
   * leased until exactly {@code leasedUntil} (their claim's token).
   */
  static ScriptCall begin(EmailQueueKeys q, SendBatch batch, Instant leasedUntil, Instant replayAt) {
    List<String> args = new ArrayList<>(List.of("begin", batch.idempotencyKey(), batch.encode(),
        Long.toString(replayAt.toEpochMilli()), Long.toString(leasedUntil.toEpochMilli())));
    args.addAll(batch.jobIds());
    return call(q, args);
  }

  /** Rewrites {@code batch}'s entry, replayable from {@code at}, if it is still journaled. */
  static ScriptCall postpone(EmailQueueKeys q, SendBatch batch, Instant at) {
    return call(q, List.of("postpone", batch.idempotencyKey(), batch.encode(), Long.toString(at.toEpochMilli())));
  }

  /**
   * "begin": the ids of jobs not leased under the token (empty = journaled); "postpone": empty, or
   * the key if the entry was gone.
   */
  static List<String> reply(Object reply) {
    return ScriptReplies.strings(SCRIPT.name(), reply);
  }

  private static ScriptCall call(EmailQueueKeys q, List<String> args) {
    return new ScriptCall(List.of(q.lease(), q.items(), q.sending(), q.sendingAt(), q.inflight()), args);
  }
}
