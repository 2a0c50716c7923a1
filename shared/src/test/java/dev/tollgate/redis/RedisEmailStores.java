package dev.tollgate.redis;

import dev.tollgate.conversion.Funnel;

import dev.tollgate.email.EmailProfile;
import dev.tollgate.email.EmailProfiles;
import dev.tollgate.email.EmailQueue;
import dev.tollgate.email.EmailStores;
import dev.tollgate.email.SendJournal;
import dev.tollgate.testing.RedisCluster;
import dev.tollgate.testing.TestRedis;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis email stores over {@code redis} (a server or a cluster): each queue has its own name;
 * profiles are seeded as the plan store and the webhook write them.
 */
public final class RedisEmailStores implements EmailStores {
  /** The attribution window the tests' timelines expire after. */
  public static final Duration TIMELINE_TTL = Duration.ofDays(30);

  private static RedisEmailStores server;
  private static RedisEmailStores cluster;

  private final UnifiedJedis redis;
  private final RedisEmailProfiles profiles;

  /** Stores in {@code redis}. */
  public RedisEmailStores(UnifiedJedis redis) {
    this.redis = redis;
    this.profiles = new RedisEmailProfiles(redis, TIMELINE_TTL);
  }

  /** Stores on the test Redis server, one client for the whole test run. */
  public static synchronized RedisEmailStores server() {
    if (server == null) {
      server = new RedisEmailStores(TestRedis.client());
    }
    return server;
  }

  /** Stores on the shared test Redis Cluster, one client for the whole test run. */
  public static synchronized RedisEmailStores cluster() {
    if (cluster == null) {
      cluster = new RedisEmailStores(RedisCluster.shared().client());
    }
    return cluster;
  }

  /** The client the stores use. */
  public UnifiedJedis redis() {
    return redis;
  }

  @Override
  public EmailQueue newQueue() {
    return new RedisEmailQueue(redis, TestRedis.uniqueUser("q"));
  }

  @Override
  public SendJournal journalOf(EmailQueue queue) {
    return ((RedisEmailQueue) queue).journal();
  }

  @Override
  public EmailProfiles profiles() {
    return profiles;
  }

  @Override
  public void seed(String userId, EmailProfile p) {
    Map<String, String> e = new LinkedHashMap<>();
    put(e, "email", p.email());
    put(e, "unsub", p.unsubscribedAt());
    put(e, "conv", p.convertedAt());
    Map<String, String> plan = new LinkedHashMap<>();
    put(plan, "plan", p.plan());
    put(plan, "until", p.planUntil());
    redis.del(Keys.emailProfile(userId), Keys.plan(userId));
    if (!e.isEmpty()) {
      redis.hset(Keys.emailProfile(userId), e);
    }
    if (!plan.isEmpty()) {
      redis.hset(Keys.plan(userId), plan);
    }
  }

  private static void put(Map<String, String> m, String field, Object value) {
    if (value != null) {
      m.put(field, value.toString());
    }
  }

  @Override
  public int lastPrompt(String userId, String loop) {
    String v = redis.hget(Keys.timeline(userId), "pr:" + loop);
    return v == null ? -1 : Integer.parseInt(v);
  }

  @Override
  public Funnel funnel() {
    return new RedisFunnel(redis);
  }
}
