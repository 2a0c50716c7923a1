package dev.tollgate.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec of {@code email_finish.lua}: finishes jobs (sent or dropped), counting each sent one
 * once as {@code <loop>:promptsSent} in the day's funnel; answers which were finished now.
 *
 * <p>The funnel count lives here until the funnel has its own port (its adapter will then own the
 * day keys); the script keeps it atomic with the finish, so a replay never counts twice.
 */
final class EmailFinishScript {
  static final LuaScript SCRIPT = LuaScript.load("email_finish.lua");

  /** One job to finish: counted under {@code loop}'s promptsSent, or not at all when it is null. */
  record Finish(String jobId, String loop) {}

  private EmailFinishScript() {}

  /** Finishes {@code jobs} of {@code q} at {@code now}; counts go to {@code funnelDay}, kept {@code funnelTtlSeconds}. */
  static ScriptCall call(EmailQueueKeys q, String funnelDay, long funnelTtlSeconds, Instant now, List<Finish> jobs) {
    List<String> args = new ArrayList<>(2 + 2 * jobs.size());
    args.add(Long.toString(now.toEpochMilli()));
    args.add(Long.toString(funnelTtlSeconds));
    for (Finish f : jobs) {
      args.add(f.jobId());
      args.add(f.loop() == null ? "" : f.loop());
    }
    return new ScriptCall(List.of(q.due(), q.lease(), q.items(), q.done(), funnelDay, q.inflight()), args);
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
