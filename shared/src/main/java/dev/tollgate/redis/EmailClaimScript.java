package dev.tollgate.redis;

import dev.tollgate.email.EmailJob;
import java.time.Instant;
import java.util.List;

/** The codec of {@code email_claim.lua}: leases up to {@code max} due jobs and answers them. */
final class EmailClaimScript {
  static final LuaScript SCRIPT = LuaScript.load("email_claim.lua");

  private EmailClaimScript() {}

  /** Claims up to {@code max} jobs of {@code q} due at {@code now}, leased until {@code leaseEnd}. */
  static ScriptCall call(EmailQueueKeys q, Instant now, Instant leaseEnd, int max) {
    return new ScriptCall(List.of(q.due(), q.lease(), q.items()), List.of(Long.toString(now.toEpochMilli()),
        Long.toString(leaseEnd.toEpochMilli()), Integer.toString(max)));
  }

  /** The claimed jobs, in due order. */
  static List<EmailJob> reply(Object reply) {
    return ScriptReplies.payloads(SCRIPT.name(), reply, EmailJob::decode);
  }
}
