package dev.tollgate.authorizer;

import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.secrets.Secrets;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * The authorizer's parts in a Lambda container, over the Redis that {@code REDIS_URL} names
 * now. From the plain environment they are built at once. From the stack's secret
 * ({@code TOLLGATE_SECRET_ARN}) they are built on the first invocation, because Lambda's
 * secrets extension does not answer during init, and built again when {@code REDIS_URL}
 * changes: the published SnapStart version never holds an endpoint or a secret, so a replaced
 * cache or a rotated token reaches a warm container within the secret's TTL.
 */
final class LiveWiring {
  private static final Logger LOG = Logger.getLogger(LiveWiring.class.getName());
  /** Where priming points a throwaway client when the real endpoint cannot be read yet. */
  static final String NOWHERE = "redis://127.0.0.1:1";
  private static final String PRIMING_SECRET = "snapstart-priming-only-not-a-real-secret-0123456789";

  private final GatingConfig config;
  private final Secrets secrets;
  private final Consumer<String> metrics;
  private volatile AuthorizerWiring current;
  private volatile String currentUrl;

  LiveWiring(GatingConfig config, Secrets secrets, Consumer<String> metrics) {
    this.config = config;
    this.secrets = secrets;
    this.metrics = metrics;
  }

  GatingConfig config() {
    return config;
  }

  Secrets secrets() {
    return secrets;
  }

  /**
   * The parts over the Redis {@code REDIS_URL} names now, built or rebuilt as needed.
   *
   * @throws IllegalStateException when {@code REDIS_URL} is not set
   * @throws dev.tollgate.secrets.SecretUnavailableException when the secret cannot be read
   */
  AuthorizerWiring current() {
    String url = secrets.get(RedisConnector.URL_ENV);
    AuthorizerWiring w = current;
    if (w != null && url != null && url.equals(currentUrl)) {
      return w;
    }
    return rebuild(url);
  }

  /** The parts if built already (none before the first invocation with a secret store). */
  Optional<AuthorizerWiring> built() {
    return Optional.ofNullable(current);
  }

  /** Builds the parts now when nothing remote is needed for it; with a secret store, leaves them to the first call. */
  Optional<AuthorizerWiring> builtNow() {
    return secrets.remote() ? built() : Optional.of(current());
  }

  private synchronized AuthorizerWiring rebuild(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(RedisConnector.URL_ENV + " is not set (e.g. rediss-cluster://my-cache.xxxx."
          + "serverless.use1.cache.amazonaws.com:6379), neither in the environment nor in " + Secrets.SECRET_ARN_ENV);
    }
    AuthorizerWiring old = current;
    if (old != null && url.equals(currentUrl)) {
      return old;
    }
    UnifiedJedis redis = RedisConnector.connectWithRotatingAuth(url, () -> secrets.get(RedisConnector.AUTH_ENV),
        config.redis());
    AuthorizerWiring fresh = AuthorizerWiring.of(config, redis, secrets, metrics);
    current = fresh;
    currentUrl = url;
    if (old != null) {
      LOG.log(Level.INFO, () -> "REDIS_URL changed: now deciding on " + host(url));
      old.redis().close();
    }
    return fresh;
  }

  /**
   * Parts for SnapStart priming when the real ones cannot be built before the snapshot: the
   * same classes over a client pointed nowhere and placeholder JWT and link secrets, so priming loads
   * and warms the code without reading the secret store. Close its {@code redis()} after use.
   */
  AuthorizerWiring primingParts() {
    Map<String, String> env = new HashMap<>();
    config.identity().jwt().flatMap(GatingConfig.Jwt::secretEnv).ifPresent(n -> env.put(n, PRIMING_SECRET));
    env.put(UpgradeLinks.SECRET_ENV, PRIMING_SECRET);
    UnifiedJedis nowhere = RedisConnector.connect(NOWHERE, null, config.redis());
    return AuthorizerWiring.of(config, nowhere, Secrets.of(env), line -> { });
  }

  /** The URL's host and port only (a URL may carry a password). */
  private static String host(String url) {
    try {
      URI u = URI.create(url.trim());
      String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
      return u.getScheme() + "://" + authority.substring(authority.indexOf('@') + 1);
    } catch (IllegalArgumentException e) {
      return "(unparseable URL)";
    }
  }
}
