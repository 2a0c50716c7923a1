package dev.tollgate.redis;

import dev.tollgate.followup.PendingWork;
import dev.tollgate.identity.AccountId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.Tuple;

/** {@link PendingWork} on Redis: the {@code {tg}:pending} index and the accounts' outboxes. */
public final class RedisPendingWork implements PendingWork {
  private static final LuaScript ACK = LuaScript.load("pending_ack.lua");
  private static final LuaScript UNINDEX = LuaScript.load("pending_unindex.lua");
  private static final String OUTBOX_PATTERN = "{a:*}:o";
  private final UnifiedJedis redis;

  /** Pending work in {@code redis}. */
  public RedisPendingWork(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public List<Pending> due(int max) {
    List<Pending> out = new ArrayList<>();
    for (Tuple t : redis.zrangeWithScores(Keys.pendingAccounts(), 0, max - 1)) {
      if (AccountIds.usable(t.getElement())) {
        out.add(new Pending(AccountId.parse(t.getElement()), (long) t.getScore()));
      } else {
        redis.zrem(Keys.pendingAccounts(), t.getElement());
      }
    }
    return out;
  }

  @Override
  public List<String> events(AccountId account, int max) {
    return redis.lrange(Keys.accountOutbox(account), 0, max - 1);
  }

  @Override
  public long ack(AccountId account, int count) {
    return ((Number) ACK.run(redis, List.of(Keys.account(account), Keys.accountOutbox(account)),
        List.of(Integer.toString(count)))).longValue();
  }

  @Override
  public void unindex(AccountId account, long since) {
    UNINDEX.run(redis, List.of(Keys.pendingAccounts()), List.of(account.value(), Long.toString(since)));
  }

  @Override
  public void index(AccountId account, long since) {
    redis.zadd(Keys.pendingAccounts(), since, account.value());
  }

  @Override
  public boolean claimSweep(java.time.Duration every) {
    return "OK".equals(redis.set(Keys.GLOBAL_TAG + ":sweep", "1",
        SetParams.setParams().nx().px(every.toMillis())));
  }

  @Override
  public List<Pending> scan() {
    java.util.Set<String> outboxes = new java.util.LinkedHashSet<>();
    if (redis instanceof RedisClusterClient cluster) {
      for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
        try (Connection c = node.getValue().getResource(); Jedis j = new Jedis(c)) {
          scan(j::scan, outboxes);
        }
      }
    } else {
      scan(redis::scan, outboxes);
    }
    List<Pending> out = new ArrayList<>();
    for (String key : outboxes) {
      String id = key.substring(3, key.length() - 3);
      if (!AccountIds.usable(id)) {
        continue;
      }
      AccountId account = AccountId.parse(id);
      String px = redis.hget(Keys.account(account), "px");
      out.add(new Pending(account, px == null ? 0 : Long.parseLong(px)));
    }
    return out;
  }

  private interface Scanner {
    ScanResult<String> scan(String cursor, ScanParams params);
  }

  private static void scan(Scanner s, java.util.Set<String> into) {
    ScanParams params = new ScanParams().match(OUTBOX_PATTERN).count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = s.scan(cursor, params);
      into.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
  }

  /** Whether a stored account id is one the key schema can hold. */
  private static final class AccountIds {
    static boolean usable(String id) {
      return dev.tollgate.identity.UserId.isValid(id);
    }
  }
}
