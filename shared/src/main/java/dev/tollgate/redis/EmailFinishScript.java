package dev.tollgate.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec of {@code email_finish.lua}: finishes jobs (sent or dropped); answers which were
 * finished now. Counting sent jobs is the funnel's ({@code Funnel#promptSent}), not the queue's.
 */
final class EmailFinishScript {
  static final LuaScript SCRIPT = LuaScript.load("email_finish.lua");

  private EmailFinishScript() {}

  /** Finishes the jobs {@code jobIds} of {@code q} at {@code now}. */
  static ScriptCall call(EmailQueueKeys q, Instant now, List<String> jobIds) {
    List<String> args = new ArrayList<>(1 + jobIds.size());
    args.add(Long.toString(now.toEpochMilli()));
    args.addAll(jobIds);
    return new ScriptCall(List.of(q.due(), q.lease(), q.items(), q.done(), q.inflight()), args);
  }

  /** Per job, in order: true if it was finished by this call (false: finished before, or unknown). */
  static List<Boolean> reply(Object reply) {
    List<Boolean> out = new ArrayList<>();
    for (Object o : ScriptReplies.list(SCRIPT.name(), reply)) {
      out.add(ScriptReplies.number(SCRIPT.name(), o) == 1);
    }
    return out;
  }
}
