package dev.tollgate.redis;

import dev.tollgate.identity.AccountId;
import dev.tollgate.usage.PendingIndex;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link PendingIndex} on Redis: one {@code ZADD} into {@code {tg}:pending}, remembered per
 * container so an account whose work is already indexed costs nothing on its next calls.
 * A failed {@code ZADD} is not remembered: the next call of the account tries again.
 */
public final class RedisPendingIndex implements PendingIndex {
  private static final int REMEMBERED = 10_000;
  private final UnifiedJedis redis;
  private final Map<String, Long> indexed = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** An index in {@code redis}. */
  public RedisPendingIndex(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public void index(AccountId account, long since) {
    synchronized (indexed) {
      Long seen = indexed.get(account.value());
      if (seen != null && seen == since) {
        return;
      }
    }
    redis.zadd(Keys.pendingAccounts(), since, account.value());
    synchronized (indexed) {
      indexed.put(account.value(), since);
    }
  }
}
