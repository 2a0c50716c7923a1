package dev.tollgate.redis;

import dev.tollgate.credits.CreditStore;
import dev.tollgate.identity.AccountId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@link CreditStore} on Redis: grants are fields {@code g:ID} of the account's
 * {@code {a:ID}:cr} hash, {@code "remaining|expiresMs|grantedMs|granted"} (expiresMs 0 = never),
 * written with {@code HSETNX} so a grant id counts once. The decision script draws on them.
 */
public final class RedisCreditStore implements CreditStore {
  private final UnifiedJedis redis;

  /** Credits in {@code redis}. */
  public RedisCreditStore(UnifiedJedis redis) {
    this.redis = redis;
  }

  /** The stored text of a fresh grant. */
  static String encode(long amount, Instant expires, Instant now) {
    return amount + "|" + (expires == null ? 0 : expires.toEpochMilli()) + "|" + now.toEpochMilli() + "|" + amount;
  }

  @Override
  public boolean grant(AccountId account, String grantId, long amount, Instant expires, Instant now) {
    if (amount <= 0) {
      throw new IllegalArgumentException("a grant is at least 1 unit, got " + amount);
    }
    return redis.hsetnx(Keys.accountCredits(account), "g:" + grantId, encode(amount, expires, now)) == 1;
  }

  @Override
  public Credits show(AccountId account, Instant now) {
    List<Grant> grants = new ArrayList<>();
    long balance = 0;
    for (Map.Entry<String, String> e : redis.hgetAll(Keys.accountCredits(account)).entrySet()) {
      if (!e.getKey().startsWith("g:")) {
        continue;
      }
      String[] f = e.getValue().split("\\|");
      long exp = Long.parseLong(f[1]);
      Grant g = new Grant(e.getKey().substring(2), Long.parseLong(f[0]), exp == 0 ? null : Instant.ofEpochMilli(exp),
          Instant.ofEpochMilli(Long.parseLong(f[2])), Long.parseLong(f[3]));
      grants.add(g);
      if (g.liveAt(now)) {
        balance += g.remaining();
      }
    }
    grants.sort(Comparator.comparing(Grant::grantedAt).reversed().thenComparing(Grant::id));
    return new Credits(balance, List.copyOf(grants));
  }
}
