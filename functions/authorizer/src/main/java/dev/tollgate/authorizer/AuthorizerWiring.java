package dev.tollgate.authorizer;

import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.conversion.FunnelEmailClaimRefusals;
import dev.tollgate.identity.Authenticator;
import dev.tollgate.identity.Authenticators;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.redis.RedisFunnel;
import dev.tollgate.redis.RedisPendingIndex;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.secrets.Secrets;
import dev.tollgate.usage.UsageGate;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The authorizer's long-lived parts over one Redis client: the stores, the authenticator and
 * the gate, and the secrets they read ({@code JWT_SECRET}, {@code GATEWAY_SECRET}; with
 * {@code checkout}, {@code UNSUBSCRIBE_SECRET} to sign the upgrade links). Lambda's
 * container builds them through {@link LiveWiring} ({@link #fromEnvironment}); the local stack
 * and tests with {@link #of}.
 */
public record AuthorizerWiring(GatingConfig config, UnifiedJedis redis, RedisUsageStore store, Authenticator authenticator,
    UsageGate gate, Secrets secrets, Consumer<String> metrics) {

  /**
   * Cold start does two slow, independent things: parse the YAML config and load the Redis
   * client's classes. The config is parsed on a second thread while this one loads those
   * classes, so a cold container pays for the longer of the two, not their sum.
   */
  static LiveWiring fromEnvironment(Map<String, String> env) {
    FutureTask<GatingConfig> parse = new FutureTask<>(() -> ConfigLoader.fromEnvironment(env));
    Thread parser = new Thread(parse, "tollgate-config");
    parser.setDaemon(true);
    parser.start();
    preload(HEAVY_CLASSES);
    warmCrypto();
    GatingConfig config = await(parse);
    LiveWiring live = new LiveWiring(config, Secrets.fromEnvironment(env, Clock.systemUTC()), System.out::println);
    live.builtNow().ifPresent(AuthorizerWiring::connectAhead);
    return live;
  }

  /**
   * The stores, authenticator and gate over {@code redis} for {@code config}; secrets from
   * {@code env}; the handler's CloudWatch EMF lines (AuthorizerFailOpen, AuthorizerFailClosed) go to
   * {@code metrics} (on Lambda: stdout, which CloudWatch Logs turns into metrics).
   */
  public static AuthorizerWiring of(GatingConfig config, UnifiedJedis redis, Map<String, String> env,
      Consumer<String> metrics) {
    return of(config, redis, Secrets.of(env), metrics);
  }

  /** As {@link #of(GatingConfig, UnifiedJedis, Map, Consumer)}, with secrets from {@code secrets}. */
  public static AuthorizerWiring of(GatingConfig config, UnifiedJedis redis, Secrets secrets, Consumer<String> metrics) {
    RedisUsageStore store = RedisUsageStore.forConfig(redis, config);
    Authenticator authenticator = Authenticators.fromConfig(config.identity(), secrets, new RedisApiKeyStore(redis),
        new FunnelEmailClaimRefusals(new RedisFunnel(redis)));
    // with checkout, the 402's upgrade link is the account's signed link (UNSUBSCRIBE_SECRET, purpose upgrade)
    UsageGate gate = new UsageGate(config, store, new RedisPendingIndex(redis), Clock.systemUTC(),
        UpgradeLinks.of(config, secrets.get(UpgradeLinks.SECRET_ENV)).orElse(null));
    return new AuthorizerWiring(config, redis, store, authenticator, gate, secrets, metrics);
  }

  /** A handler over these parts, timed by {@code clock}, forwarding {@code GATEWAY_SECRET} to the backend. */
  public UsageAuthorizerHandler handler(Clock clock) {
    return new UsageAuthorizerHandler(authenticator, gate, () -> secrets.get(ForwardedContext.GATEWAY_SECRET_ENV), clock,
        metrics);
  }

  /** The {@code GET /usage} handler over these parts' store, timed by {@code clock}. */
  public UsageEndpointHandler usageHandler(Clock clock) {
    return new UsageEndpointHandler(config, store, clock);
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
  static void connectAhead(AuthorizerWiring wiring) {
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

}
