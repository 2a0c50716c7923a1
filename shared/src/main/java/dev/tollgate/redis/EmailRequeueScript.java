package dev.tollgate.redis;

import dev.tollgate.email.EmailJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec of {@code email_requeue.lua}: moves leased or in-flight jobs on after a failed or
 * unfinished attempt; answers how many it moved (a job finished meanwhile is left alone).
 */
final class EmailRequeueScript {
  static final LuaScript SCRIPT = LuaScript.load("email_requeue.lua");

  private EmailRequeueScript() {}

  /** Each job due again at its {@code dueAt}, with its new payload (attempts, last error). */
  static ScriptCall retry(EmailQueueKeys q, List<EmailJob> jobs) {
    List<String> args = args("retry", jobs.size());
    for (EmailJob j : jobs) {
      add(args, j.id(), j.dueAt(), j.encode());
    }
    return call(q, args);
  }

  /** Each job into the dead-letter set, scored {@code at}, with its new payload (its last error). */
  static ScriptCall dead(EmailQueueKeys q, List<EmailJob> jobs, Instant at) {
    List<String> args = args("dead", jobs.size());
    for (EmailJob j : jobs) {
      add(args, j.id(), at.toEpochMilli(), j.encode());
    }
    return call(q, args);
  }

  /** Each job still leased until exactly {@code leasedUntil} (the claim's token) due again at {@code at}. */
  static ScriptCall release(EmailQueueKeys q, List<EmailJob> jobs, Instant leasedUntil, Instant at) {
    List<String> args = args("release", jobs.size());
    for (EmailJob j : jobs) {
      add(args, j.id(), at.toEpochMilli(), Long.toString(leasedUntil.toEpochMilli()));
    }
    return call(q, args);
  }

  /** How many jobs were moved. */
  static int reply(Object reply) {
    return (int) ScriptReplies.number(SCRIPT.name(), reply);
  }

  private static List<String> args(String mode, int jobs) {
    List<String> args = new ArrayList<>(1 + 3 * jobs);
    args.add(mode);
    return args;
  }

  private static void add(List<String> args, String id, long scoreMs, String payloadOrToken) {
    args.add(id);
    args.add(Long.toString(scoreMs));
    args.add(payloadOrToken);
  }

  private static ScriptCall call(EmailQueueKeys q, List<String> args) {
    return new ScriptCall(List.of(q.due(), q.lease(), q.items(), q.dead(), q.inflight()), args);
  }
}
