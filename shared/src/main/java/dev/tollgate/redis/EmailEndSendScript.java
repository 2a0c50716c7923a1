package dev.tollgate.redis;

import java.util.List;

/** The codec of {@code email_end_send.lua}: deletes a journal entry; answers whether one was there. */
final class EmailEndSendScript {
  static final LuaScript SCRIPT = LuaScript.load("email_end_send.lua");

  private EmailEndSendScript() {}

  /** Deletes the entry {@code idempotencyKey} of {@code q}'s journal. */
  static ScriptCall call(EmailQueueKeys q, String idempotencyKey) {
    return new ScriptCall(List.of(q.sending(), q.sendingAt()), List.of(idempotencyKey));
  }

  /** Whether an entry was deleted. */
  static boolean reply(Object reply) {
    return ScriptReplies.number(SCRIPT.name(), reply) == 1;
  }
}
