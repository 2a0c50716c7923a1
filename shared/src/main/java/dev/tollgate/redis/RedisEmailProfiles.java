package dev.tollgate.redis;

import dev.tollgate.email.EmailProfile;
import dev.tollgate.email.EmailProfiles;
import java.time.Duration;
import java.time.Instant;
import redis.clients.jedis.UnifiedJedis;

/** Email profiles in the user's own keys ({@code {u:ID}:e}, {@code :p}, {@code :t}). */
public final class RedisEmailProfiles implements EmailProfiles {
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
    return EmailProfileScript.reply(EmailProfileScript.SCRIPT.run(redis, EmailProfileScript.call(userId)));
  }

  @Override
  public void unsubscribe(String userId, Instant at) {
    redis.hsetnx(Keys.emailProfile(userId), "unsub", Long.toString(at.toEpochMilli()));
  }

  @Override
  public void promptSent(String userId, String loop, int step) {
    EmailPromptSentScript.SCRIPT.run(redis, EmailPromptSentScript.call(userId, loop, step, timelineTtl));
  }
}
