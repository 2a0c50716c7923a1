package dev.tollgate.authorizer;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Authenticator;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisEmailClaimRefusals;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.UsageGate;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the authorizer's long-lived parts once per container from the environment:
 * config ({@code TOLLGATE_CONFIG} or the bundled gating.yaml), the Redis client
 * ({@code REDIS_URL}, {@code REDIS_AUTH}), the stores and the authenticator. The local stack
 * builds the same parts with {@link #of}.
 */
public record AuthorizerWiring(GatingConfig config, UnifiedJedis redis, RedisUsageStore store, Authenticator authenticator,
    UsageGate gate) {

  /**
   * Cold start does two slow, independent things: parse the YAML config and load the Redis
   * client's classes. The config is parsed on a second thread while this one loads those
   * classes, so a cold container pays for the longer of the two, not their sum.
   */
  static AuthorizerWiring fromEnvironment(Map<String, String> env) {
    FutureTask<GatingConfig> parse = new FutureTask<>(() -> ConfigLoader.fromEnvironment(env));
    Thread parser = new Thread(parse, "tollgate-config");
    parser.setDaemon(true);
    parser.start();
    preload(HEAVY_CLASSES);
    warmCrypto();
    GatingConfig config = await(parse);
    UnifiedJedis redis = RedisConnector.fromEnvironment(env, config.redis());
    AuthorizerWiring wiring = of(config, redis, env, System.out::println);
    connectAhead(wiring);
    return wiring;
  }

  /**
   * The stores, authenticator and gate over {@code redis} for {@code config}; secrets from
   * {@code env}; CloudWatch EMF lines of limit crossings go to {@code metrics}.
   */
  public static AuthorizerWiring of(GatingConfig config, UnifiedJedis redis, Map<String, String> env,
      Consumer<String> metrics) {
    RedisUsageStore store = RedisUsageStore.forConfig(redis, config);
    Authenticator authenticator = Authenticators.fromConfig(config.identity(), env, new RedisApiKeyStore(redis),
        new RedisEmailClaimRefusals(redis));
    UsageGate gate = new UsageGate(config, store, new RedisPendingIndex(redis));
    return new AuthorizerWiring(config, redis, store, authenticator, gate);
  }

  /** A handler over these parts, timed by {@code clock}. */
  public UsageAuthorizerHandler handler(Clock clock) {
    return new UsageAuthorizerHandler(authenticator, gate, clock);
  }

  /** Classes the first decision needs that take longest to load (the Redis client's core). */
  private static final String[] HEAVY_CLASSES = {
    "redis.clients.jedis.RedisClient", "redis.clients.jedis.UnifiedJedis", "redis.clients.jedis.CommandObjects",
    "redis.clients.jedis.Connection", "redis.clients.jedis.ConnectionPool", "redis.clients.jedis.Protocol",
    "redis.clients.jedis.DefaultJedisClientConfig", "redis.clients.jedis.providers.PooledConnectionProvider",
    "redis.clients.jedis.executors.DefaultCommandExecutor", "org.apache.commons.pool2.impl.GenericObjectPool",
    "com.nimbusds.jose.crypto.MACVerifier", "com.nimbusds.jwt.SignedJWT",
  };

  private static void preload(String[] classes) {
    ClassLoader loader = AuthorizerWiring.class.getClassLoader();
    for (String c : classes) {
      try {
        Class.forName(c, true, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // only a head start: whatever fails here loads (or fails clearly) when first used
      }
    }
  }

  /** The first HMAC initialises the JCA providers (tens of ms): do it now, not on the first request. */
  private static void warmCrypto() {
    try {
      javax.crypto.Mac.getInstance("HmacSHA256");
    } catch (java.security.NoSuchAlgorithmException e) {
      // the JWT check will report it where it matters
    }
  }

  /**
   * Opens the first pooled connection and loads the decision script while the rest of the
   * handler is built, so the first request neither connects nor meets NOSCRIPT. Best effort:
   * if Redis is not reachable yet, the first request connects (and follows the fail mode).
   */
  private static void connectAhead(AuthorizerWiring wiring) {
    Thread t = new Thread(() -> {
      try {
        wiring.store().preload(wiring.config());
      } catch (RuntimeException e) {
        // the first decision will connect and load the script itself
      }
    }, "tollgate-connect");
    t.setDaemon(true);
    t.start();
  }

  private static GatingConfig await(FutureTask<GatingConfig> parse) {
    try {
      return parse.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the gating config", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Registers SnapStart priming for {@code handler} (a no-op outside a CRaC runtime) and
   * returns it: CRaC holds resources weakly, so the caller must keep the reference.
   */
  org.crac.Resource registerPriming(UsageAuthorizerHandler handler) {
    SnapStartPriming priming = new SnapStartPriming(this, handler);
    org.crac.Core.getGlobalContext().register(priming);
    return priming;
  }
}
