package dev.tollgate.redis;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.secrets.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the one Redis client a container keeps, from a URL:
 * {@code redis://[user:password@]host:port[/db]}, {@code rediss://...} (TLS, as ElastiCache
 * with in-transit encryption needs), or {@code redis-cluster://host:port[,host:port...]} /
 * {@code rediss-cluster://...} for cluster mode. Timeouts are short on purpose: the
 * authorizer must answer by its fail mode, not hang.
 */
public final class RedisConnector {
  /** Environment variable with the Redis URL. */
  public static final String URL_ENV = "REDIS_URL";
  /** Environment variable with the AUTH token/password (overrides one in the URL). */
  public static final String AUTH_ENV = "REDIS_AUTH";

  private RedisConnector() {}

  /**
   * The container's client from {@code REDIS_URL} (and {@code REDIS_AUTH}) with the config's
   * timeouts; a missing URL is an {@link IllegalStateException} saying what to set.
   */
  public static UnifiedJedis fromEnvironment(Map<String, String> env, GatingConfig.Redis timeouts) {
    return fromSecrets(Secrets.of(env), timeouts);
  }

  /**
   * The client for {@code REDIS_URL} from {@code secrets}, authenticating each new connection
   * with the then-current {@code REDIS_AUTH}; a missing URL is an {@link IllegalStateException}.
   */
  public static UnifiedJedis fromSecrets(Secrets secrets, GatingConfig.Redis timeouts) {
    String url = secrets.get(URL_ENV);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(URL_ENV + " is not set (e.g. rediss://my-cache.xxxx.cache.amazonaws.com:6379, "
          + "or rediss-cluster://... for cluster mode)");
    }
    return connectWithRotatingAuth(url, () -> secrets.get(AUTH_ENV), timeouts);
  }

  /** A client for {@code url} with the config's timeouts; {@code auth} may be null. */
  public static UnifiedJedis connect(String url, String auth, GatingConfig.Redis timeouts) {
    return connect(url, auth, timeouts.connectTimeout(), timeouts.commandTimeout());
  }

  /**
   * A client for {@code url} whose AUTH password is read from {@code auth} each time it opens a
   * connection (so a rotated token is used from the next connection on; null or empty = the
   * URL's password, if any).
   */
  public static UnifiedJedis connectWithRotatingAuth(String url, Supplier<String> auth, GatingConfig.Redis timeouts) {
    return connectWithRotatingAuth(url, auth, timeouts.connectTimeout(), timeouts.commandTimeout());
  }

  /** A client for {@code url} with explicit timeouts; {@code auth} may be null. */
  public static UnifiedJedis connect(String url, String auth, Duration connectTimeout, Duration commandTimeout) {
    return connectWithRotatingAuth(url, () -> auth, connectTimeout, commandTimeout);
  }

  /**
   * A client for {@code url} with explicit timeouts and AUTH from {@code auth}. Nothing connects
   * here, not even for a cluster (its slots are discovered on first use): a function's
   * constructor must not fail, or a SnapStart publish roll back, because Redis is unreachable.
   */
  public static UnifiedJedis connectWithRotatingAuth(String url, Supplier<String> auth, Duration connectTimeout,
      Duration commandTimeout) {
    URI uri = URI.create(url.trim());
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    boolean tls = scheme.startsWith("rediss");
    boolean cluster = scheme.endsWith("-cluster");
    if (!scheme.equals("redis") && !scheme.equals("rediss") && !cluster) {
      throw new IllegalArgumentException(URL_ENV + " must start with redis://, rediss://, redis-cluster:// or "
          + "rediss-cluster://");
    }
    DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) connectTimeout.toMillis())
        .socketTimeoutMillis((int) commandTimeout.toMillis())
        .blockingSocketTimeoutMillis((int) commandTimeout.toMillis())
        .ssl(tls)
        .clientName("tollgate");
    credentials(cfg, uri.getRawUserInfo(), auth);
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(64);
    pool.setMaxIdle(64);
    pool.setMinIdle(0);
    pool.setMaxWait(commandTimeout);
    pool.setTestWhileIdle(false);
    pool.setJmxEnabled(false);
    if (cluster) {
      Set<HostAndPort> nodes = new LinkedHashSet<>();
      String authority = uri.getRawAuthority();
      String hosts = authority.substring(authority.indexOf('@') + 1);
      for (String hp : hosts.split(",")) {
        nodes.add(HostAndPort.from(hp.trim()));
      }
      // jedis' own switch: without it the cluster client's constructor throws when no seed node
      // answers; with it, slots are discovered from the seeds on the first command
      System.setProperty(RedisClusterClient.INIT_NO_ERROR_PROPERTY, "true");
      // two attempts (one redirect or reconnect) within about one connect + command timeout,
      // so a frozen node costs the authorizer a bounded wait, as on a single Redis
      return RedisClusterClient.builder().nodes(nodes).clientConfig(cfg.build()).poolConfig(pool)
          .maxAttempts(2).maxTotalRetriesDuration(commandTimeout.plus(connectTimeout)).build();
    }
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      cfg.database(Integer.parseInt(path.substring(1)));
    }
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    return RedisClient.builder().hostAndPort(uri.getHost(), port).clientConfig(cfg.build()).poolConfig(pool).build();
  }

  /**
   * AUTH from {@code auth} (read per new connection), else the URL's {@code user:password};
   * the URL's user names the ACL user either way.
   */
  private static void credentials(DefaultJedisClientConfig.Builder cfg, String userInfo, Supplier<String> auth) {
    String user = null;
    String urlPassword = null;
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = colon < 0 ? null : decode(userInfo.substring(0, colon));
      urlPassword = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
      if (user != null && user.isEmpty()) {
        user = null;
      }
    }
    String aclUser = user;
    String fixed = urlPassword;
    cfg.credentialsProvider(() -> {
      String a = auth == null ? null : auth.get();
      String password = a != null && !a.isEmpty() ? a : fixed;
      // no password: a RedisCredentials without one, so no AUTH is sent
      return password == null ? new RedisCredentials() { } : new DefaultRedisCredentials(aclUser, password);
    });
  }

  /**
   * Drops every pooled connection of {@code redis} (single or cluster). Before a SnapStart
   * snapshot: connections captured in it would be dead after restore; new ones open on use.
   */
  public static void dropPooledConnections(UnifiedJedis redis) {
    if (redis instanceof RedisClient) {
      ((RedisClient) redis).getPool().clear();
    } else if (redis instanceof RedisClusterClient) {
      for (ConnectionPool pool : ((RedisClusterClient) redis).getClusterNodes().values()) {
        pool.clear();
      }
    }
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
