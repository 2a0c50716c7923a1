package dev.tollgate.redis;

import dev.tollgate.email.EmailProfile;
import dev.tollgate.email.EmailProfiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** Email profiles in the user's own keys ({@code {u:ID}:e}, {@code :p}, {@code :t}). */
public final class RedisEmailProfiles implements EmailProfiles {
  private static final LuaScript PROFILE = LuaScript.load("email_profile.lua");
  private static final LuaScript PROMPT_SENT = LuaScript.load("email_prompt_sent.lua");

  private final UnifiedJedis redis;
  private final Duration timelineTtl;

  /**
   * Profiles in {@code redis}; a timeline created by {@link #promptSent} expires after
   * {@code timelineTtl} (the attribution window).
   */
  public RedisEmailProfiles(UnifiedJedis redis, Duration timelineTtl) {
    this.redis = redis;
    this.timelineTtl = timelineTtl;
  }

  @Override
  public EmailProfile lookup(String userId) {
    List<?> r = (List<?>) PROFILE.run(redis, List.of(Keys.emailProfile(userId), Keys.plan(userId)), List.of());
    return new EmailProfile(str(r, 0), num(r, 1), num(r, 2), str(r, 3), num(r, 4));
  }

  @Override
  public void unsubscribe(String userId, Instant at) {
    redis.hsetnx(Keys.emailProfile(userId), "unsub", Long.toString(at.toEpochMilli()));
  }

  @Override
  public void promptSent(String userId, String loop, int step) {
    PROMPT_SENT.run(redis, List.of(Keys.timeline(userId)),
        List.of("pr:" + loop, Integer.toString(step), Long.toString(timelineTtl.toMillis())));
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
