package dev.tollgate.redis;

import java.time.Duration;
import java.util.List;

/**
 * The codec of {@code email_prompt_sent.lua}: records in a user's timeline the last email step of a
 * loop that reached the provider, never lowering it; answers the step now recorded.
 */
final class EmailPromptSentScript {
  static final LuaScript SCRIPT = LuaScript.load("email_prompt_sent.lua");

  private EmailPromptSentScript() {}

  /** Records step {@code step} of {@code loop} for {@code userId}; a new timeline expires after {@code ttl}. */
  static ScriptCall call(String userId, String loop, int step, Duration ttl) {
    return new ScriptCall(List.of(Keys.timeline(userId)),
        List.of("pr:" + loop, Integer.toString(step), Long.toString(ttl.toMillis())));
  }

  /** The step now recorded. */
  static int reply(Object reply) {
    return (int) ScriptReplies.number(SCRIPT.name(), reply);
  }
}
