package dev.tollgate.redis;

import dev.tollgate.config.Period;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.meter.MeterLedger;
import dev.tollgate.meter.MeterQueue;
import dev.tollgate.meter.MeterStores;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.TestGates;
import dev.tollgate.usage.UsageCall;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis meter stores over {@code redis} (a server or a cluster): overage is counted by the
 * real decision script (a {@code pro} plan with no included units and uncapped overage, so each
 * call of cost N is N units on the meter), and drained by the real follow-up and acknowledgement.
 */
public final class RedisMeterStores implements MeterStores {
  private static RedisMeterStores server;
  private static RedisMeterStores cluster;

  private final UnifiedJedis redis;
  private final RedisMeterLedger ledger;
  private final RedisUsageStore usage;
  private final Map<String, List<Gate>> gates = new ConcurrentHashMap<>();
  private final Instant callTime = Instant.now();

  /** Stores in {@code redis}. */
  public RedisMeterStores(UnifiedJedis redis) {
    this.redis = redis;
    this.ledger = new RedisMeterLedger(redis);
    this.usage = new RedisUsageStore(redis, List.of("free", "pro"), "free", Duration.ofDays(30));
  }

  /** Stores on the test Redis server, one client for the whole test run. */
  public static synchronized RedisMeterStores server() {
    if (server == null) {
      server = new RedisMeterStores(TestRedis.client());
    }
    return server;
  }

  /** Stores on the shared test Redis Cluster, one client for the whole test run. */
  public static synchronized RedisMeterStores cluster() {
    if (cluster == null) {
      cluster = new RedisMeterStores(RedisCluster.shared().client());
    }
    return cluster;
  }

  /** The client the stores use. */
  public UnifiedJedis redis() {
    return redis;
  }

  @Override
  public MeterLedger ledger() {
    return ledger;
  }

  @Override
  public MeterQueue newQueue(Clock clock) {
    return new RedisMeterQueue(redis, clock, TestRedis.uniqueUser("mq"));
  }

  @Override
  public void overage(AccountId account, String meter, long units) {
    redis.hset(Keys.account(account), "plan", "pro");
    redis.persist(Keys.account(account));
    List<Gate> g = gates.computeIfAbsent(meter + "|" + units, k -> List.of(TestGates.usage("ov-" + meter + "-" + units,
        new Period(Period.Kind.FIXED, Duration.ofDays(30)), new long[] {0, 0}, 0).with(units, new long[] {-1, -1},
        false, new long[] {Gate.NO_OVERAGE, -1}, new String[] {null, meter}, new int[0])));
    try {
      UserId member = account.isOrganisation() ? UserId.of("member") : account.personalUser();
      if (!usage.consume(new UsageCall(account, member, g, callTime, null, "")).allowed()) {
        throw new AssertionError("the overage call was refused");
      }
    } catch (UsageStoreUnavailableException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void link(AccountId account, String customer) {
    redis.hset(Keys.account(account), "cust", customer);
  }

  @Override
  public void ack(AccountId account) {
    // as the drain does: every outbox line it read (here: the pending marker an overage call leaves)
    new RedisPendingWork(redis).ack(account, (int) redis.llen(Keys.accountOutbox(account)));
  }

  @Override
  public AccountId unique(String prefix) {
    return AccountId.parse(TestRedis.uniqueUser(prefix));
  }
}
