package dev.tollgate.local;

import dev.tollgate.config.GatingConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tollgate local}: the whole stack on one port, without Docker or an AWS account. */
@Command(name = "local", mixinStandardHelpOptions = true,
    description = {"Runs the whole stack locally, on one HTTP port.",
        "The Tollgate functions on a real Redis: the Lambda Invoke API, POST /stripe/webhook, the unsubscribe",
        "route, and every other path through the authorizer to --upstream (or a built-in echo).",
        "Ctrl-C stops everything. The embedded Redis keeps its data in memory: lost on restart unless --data DIR."})
final class LocalCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "3000", description = "HTTP port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--config", paramLabel = "FILE",
      description = "gating.yaml (default: $TOLLGATE_CONFIG, else ./gating.yaml, else the bundled example)")
  Path config;

  @Option(names = "--upstream", paramLabel = "URL", description = "your API; allowed calls are proxied there "
      + "(default: a built-in echo)")
  URI upstream;

  @Option(names = "--outbox", paramLabel = "DIR", defaultValue = "outbox",
      description = "folder the dispatcher writes emails to unless RESEND_API_KEY is set (default: ./${DEFAULT-VALUE})")
  Path outbox;

  @Option(names = "--dispatch-every", paramLabel = "DURATION", defaultValue = "1m",
      description = "dispatcher schedule, e.g. 10s, 1m (default: ${DEFAULT-VALUE})")
  String dispatchEvery;

  @Option(names = "--data", paramLabel = "DIR", description = "keep the embedded Redis's data in DIR (append-only "
      + "file) across restarts (default: in memory, lost when the stack stops)")
  Path data;

  @Option(names = "--identity", paramLabel = "TYPE",
      description = "override identity.type of the config: jwt or apiKey (default: the config's)")
  String identity;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
    }
    Duration every = LocalDurations.parse(spec, "--dispatch-every", dispatchEvery);
    if (upstream != null && (upstream.getScheme() == null || !upstream.getScheme().startsWith("http"))) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--upstream must be an http(s) URL, got " + upstream);
    }
    Map<String, String> defaulted = new LinkedHashMap<>();
    Map<String, String> env = DevDefaults.apply(System.getenv(), defaulted);
    String redisUrl = env.get(dev.tollgate.redis.RedisConnector.URL_ENV);
    if (data != null && redisUrl != null && !redisUrl.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--data is for the embedded Redis: REDIS_URL is set, "
          + "so that Redis keeps the data");
    }
    GatingConfig cfg = withIdentity(CommonOptions.loadConfig(config, env));
    LocalStack stack = LocalStack.start(new LocalStack.Options(port, cfg, upstream, outbox, every, env, data));
    long pid = ProcessHandle.current().pid();
    LocalState state = new LocalState(stack.redisUrl(), stack.port(), pid,
        config == null ? null : config.toAbsolutePath().toString());
    state.write();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nstopping: HTTP server, dispatcher" + (stack.embeddedRedis() ? ", embedded redis-server" : ""));
      stack.close();
      state.clear();
      stopped.countDown();
    }, "tollgate-shutdown"));
    new StartupBanner(spec.commandLine().getOut(), stack, cfg, defaulted, upstream, outbox).print();
    stopped.await();
    return 0;
  }

  private GatingConfig withIdentity(GatingConfig cfg) {
    if (identity == null) {
      return cfg;
    }
    GatingConfig.IdentityType type = switch (identity) {
      case "jwt" -> GatingConfig.IdentityType.JWT;
      case "apiKey", "apikey", "api-key" -> GatingConfig.IdentityType.API_KEY;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--identity must be jwt or apiKey, got " + identity);
    };
    GatingConfig.Identity id = cfg.identity();
    return cfg.withIdentity(new GatingConfig.Identity(type, id.header(), id.jwt(), id.apiKeyCacheTtl(),
        id.accountClaim()));
  }
}
