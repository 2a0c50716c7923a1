package dev.tollgate.local;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.local.gateway.GatewayTemplate;
import dev.tollgate.local.gateway.TemplateSource;
import dev.tollgate.redis.RedisApiKeyStore;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The local stack: the template's functions behind one HTTP port, on a real Redis, with
 * the dispatcher and the usage reporter on a timer. {@link #close()} stops everything it started.
 * Requests are routed by {@link LocalRoutes}; the timer's runs are {@link ScheduledRuns}.
 */
final class LocalStack implements AutoCloseable {
  static final String AUTHORIZER = "AuthorizerFunction";
  static final String USAGE = "UsageFunction";
  static final String WEBHOOK = "StripeWebhookFunction";
  static final String DISPATCHER = "UpgradeDispatcherFunction";
  static final String UNSUBSCRIBE = "UnsubscribeFunction";
  static final String UPGRADE_LINK = "UpgradeLinkFunction";
  static final String REPORTER = "UsageReporterFunction";
  static final String ADMIN = "AdminFunction";
  /** Where the local stack reaches Stripe (reconcile, meter events; a fake's URL in tests); unset: Stripe itself. */
  static final String STRIPE_API_BASE_ENV = "TOLLGATE_STRIPE_API_BASE";
  /** The webhook route of the template. */
  static final String WEBHOOK_PATH = "/stripe/webhook";
  /** Lambda timeout given to local invocations (the dispatcher runs until shortly before it). */
  static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

  /** What {@code tollgate local} was asked for. */
  record Options(int port, GatingConfig config, URI upstream, Path outbox, Duration dispatchEvery,
      Map<String, String> env, Path data) {}

  private final Options options;
  private final LocalRedis redis;
  private final HttpServer server;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final LambdaInvokeApi lambda;
  private final LocalRoutes routes;
  private final ScheduledRuns runs;
  private final String unsubscribePath;
  private final String upgradePath;
  private final Clock clock = Clock.systemUTC();

  private LocalStack(Options options, LocalRedis redis) throws IOException {
    this.options = options;
    this.redis = redis;
    Map<String, LambdaFunction<?, ?>> functions = LocalFunctions.of(options, redis.client(), clock);
    this.lambda = new LambdaInvokeApi(functions, FUNCTION_TIMEOUT, clock);
    this.unsubscribePath = options.config().email().map(e -> URI.create(e.unsubscribeBaseUrl()).getPath())
        .filter(p -> p != null && !p.isEmpty()).orElse(null);
    this.upgradePath = options.config().checkout().map(c -> URI.create(c.linkBaseUrl()).getPath())
        .filter(p -> p != null && !p.isEmpty()).orElse(null);
    this.server = bind(options.port());
    this.workers = Executors.newFixedThreadPool(16, daemon("tollgate-http"));
    this.server.setExecutor(workers);
    GatewayEmulator gateway = new GatewayEmulator(lambda, options.upstream(), clock, gatewayTemplate(options.upstream()));
    DashboardRoute dashboard = new DashboardRoute(this::admin);
    this.routes = new LocalRoutes(lambda, clock, gateway, dashboard, unsubscribePath, upgradePath);
    this.server.createContext("/", routes::handle);
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("tollgate-dispatch"));
    this.runs = new ScheduledRuns(lambda, clock, FUNCTION_TIMEOUT);
  }

  /** template.yaml's API (the repository's, else the copy packed into the jar), for the local parameter values. */
  static GatewayTemplate gatewayTemplate(URI upstream) {
    TemplateSource.Located t = TemplateSource.locate();
    return GatewayTemplate.of(t.template(), Map.of("BackendUrl", upstream == null ? "http://localhost" : upstream.toString(),
        "StageName", ApiGatewayEvents.STAGE), t.source());
  }

  /** Starts the stack: Redis (embedded unless REDIS_URL), the HTTP server, the dispatch timer. */
  static LocalStack start(Options options) throws IOException {
    LocalRedis redis = LocalRedis.start(options.env(), options.config(), options.data());
    try {
      LocalStack stack = new LocalStack(options, redis);
      if (stack.sampleApiKey() != null) {
        new RedisApiKeyStore(redis.client()).register(DevDefaults.SAMPLE_API_KEY, DevDefaults.SAMPLE_USER,
            DevDefaults.SAMPLE_EMAIL, null, stack.clock.instant());
      }
      stack.server.start();
      long every = options.dispatchEvery().toMillis();
      stack.timer.scheduleWithFixedDelay(() -> {
        stack.runs.dispatchOnce();
        stack.runs.reportOnce();
      }, every, every, TimeUnit.MILLISECONDS);
      return stack;
    } catch (IOException | RuntimeException e) {
      redis.close();
      throw e;
    }
  }

  /** The port the server listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** The Redis URL in use. */
  String redisUrl() {
    return redis.url();
  }

  /** Whether Redis is the stack's own embedded server. */
  boolean embeddedRedis() {
    return redis.embedded();
  }

  /**
   * The published sample API key this stack accepts (for {@code events/authorizer/api-key.json}),
   * or null: only under identity apiKey and only in the stack's own embedded Redis.
   */
  String sampleApiKey() {
    return redis.embedded() && options.config().identity().type() == GatingConfig.IdentityType.API_KEY
        ? DevDefaults.SAMPLE_API_KEY : null;
  }

  /** Where the embedded Redis keeps its data, or null (memory only, or REDIS_URL). */
  Path dataDir() {
    return redis.embedded() ? options.data() : null;
  }

  /** The functions served by the Invoke API. */
  java.util.Set<String> functionNames() {
    return routes.functionNames();
  }

  /** The unsubscribe route's path, or null when the config has no email section. */
  String unsubscribePath() {
    return unsubscribePath;
  }

  /** The upgrade link's path (checkout.linkBaseUrl's), or null when the config has no checkout section. */
  String upgradePath() {
    return upgradePath;
  }

  /** The AdminFunction's answer to {@code request}, invoked as the Invoke API would. */
  private com.google.gson.JsonObject admin(com.google.gson.JsonObject request) {
    LambdaInvokeApi.Result r = lambda.invoke(lambda.function(ADMIN), request.toString().getBytes(StandardCharsets.UTF_8));
    return Json.object(new String(r.body(), StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    server.stop(0);
    workers.shutdownNow();
    redis.close();
  }

  /** The server socket on {@code port}, or an error naming the port and what to do. */
  private static HttpServer bind(int port) throws IOException {
    try {
      return HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    } catch (BindException e) {
      throw new IllegalStateException("port " + port + " is already in use (another './tollgate local', or another "
          + "server): stop it, or start this stack on another port with --port, e.g. --port " + (port + 1), e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
