package dev.tollgate.redis;

import dev.tollgate.email.EmailJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The codec of {@code email_schedule.lua}: schedules jobs whose ids are not known yet; answers
 * how many were new.
 */
final class EmailScheduleScript {
  static final LuaScript SCRIPT = LuaScript.load("email_schedule.lua");

  private EmailScheduleScript() {}

  /** Schedules {@code jobs} into {@code q} at {@code now}, forgetting finished ids older than {@code doneRetention}. */
  static ScriptCall call(EmailQueueKeys q, Instant now, Duration doneRetention, List<EmailJob> jobs) {
    List<String> args = new ArrayList<>(2 + 3 * jobs.size());
    args.add(Long.toString(now.toEpochMilli()));
    args.add(Long.toString(doneRetention.toMillis()));
    for (EmailJob j : jobs) {
      args.add(j.id());
      args.add(Long.toString(j.dueAt()));
      args.add(j.encode());
    }
    return new ScriptCall(List.of(q.due(), q.items(), q.done()), args);
  }

  /** How many jobs were newly scheduled. */
  static int reply(Object reply) {
    return (int) ScriptReplies.number(SCRIPT.name(), reply);
  }
}
