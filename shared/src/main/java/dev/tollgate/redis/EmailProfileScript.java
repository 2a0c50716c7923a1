package dev.tollgate.redis;

import dev.tollgate.email.EmailProfile;
import java.util.List;

/**
 * The codec of {@code email_profile.lua}: reads a user's address, suppression, conversion and plan
 * in one round trip.
 */
final class EmailProfileScript {
  static final LuaScript SCRIPT = LuaScript.load("email_profile.lua");

  private EmailProfileScript() {}

  /** Reads {@code userId}'s profile. */
  static ScriptCall call(String userId) {
    return new ScriptCall(List.of(Keys.emailProfile(userId), Keys.plan(userId)), List.of());
  }

  /**
   * The profile; an absent or empty field is null, and a stored time that is not a number reads
   * as 0 (set, at the epoch), so a damaged suppression or conversion marker still suppresses.
   */
  static EmailProfile reply(Object reply) {
    List<?> r = ScriptReplies.list(SCRIPT.name(), reply);
    return new EmailProfile(str(r, 0), num(r, 1), num(r, 2), str(r, 3), num(r, 4));
  }

  private static String str(List<?> r, int i) {
    return i < r.size() && r.get(i) instanceof String s && !s.isEmpty() ? s : null;
  }

  private static Long num(List<?> r, int i) {
    String s = str(r, i);
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0L;
    }
  }
}
