package dev.tollgate.bench;

import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.UsageAuthorizerHandler;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.DecisionScript;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.Gate;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.serialization.Mapper;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issue 7's figures in one process: the authorizer's decision path against a raw EVALSHA
 * loop and bucket4j (1 thread, same Redis, alternating rounds, medians), commands per
 * decision, cold start, jar sizes, Redis bytes per user and 16-thread scale. Run by bench/run.
 */
public final class Bench {
  static final long BENCH_LIMIT = 1_000_000_000L;

  private final boolean quick;
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final StringBuilder table = new StringBuilder();

  private Bench(boolean quick) {
    this.quick = quick;
  }

  public static void main(String[] args) throws Exception {
    java.util.logging.LogManager.getLogManager().reset();
    boolean quick = List.of(args).contains("--quick");
    new Bench(quick).run();
    System.exit(0);
  }

  private void run() throws Exception {
    String run = String.format("%08x", ThreadLocalRandom.current().nextInt());
    try (BenchRedis main = BenchRedis.urlOrEmbedded(System.getenv("REDIS_URL"));
        BenchRedis own = BenchRedis.embedded()) {
      json.put("mode", quick ? "quick" : "full");
      json.put("redis", main.isEmbedded() ? "embedded " + main.version() : "REDIS_URL " + main.version());
      line("Redis under test: %s (%s); own embedded server for counts and memory: %s", main.url,
          main.isEmbedded() ? "embedded" : "REDIS_URL", own.version());
      jarSizes();
      compare(main, run);
      commands(own);
      coldStart(main);
      memoryAndScale(own, run);
    }
    System.out.println();
    System.out.print(table);
    System.out.println();
    System.out.println(Json.write(json));
  }

  private final long started = System.nanoTime();

  private void line(String format, Object... args) {
    if (format.startsWith("%n==")) {
      format = format + String.format(Locale.ROOT, "   [t=%.0fs]", (System.nanoTime() - started) / 1e9);
    }
    String s = String.format(Locale.ROOT, format, args);
    table.append(s).append('\n');
    System.err.println(s);
  }

  // ---- jar sizes -------------------------------------------------------------------------

  private void jarSizes() throws Exception {
    line("%n== Jar sizes (shaded, as deployed)");
    String[][] jars = {{"authorizerJarKiB", "functions/authorizer/target/authorizer.jar"},
        {"stripeWebhookJarKiB", "functions/stripe-webhook/target/stripe-webhook.jar"},
        {"upgradeDispatcherJarKiB", "functions/upgrade-dispatcher/target/upgrade-dispatcher.jar"}};
    for (String[] j : jars) {
      Path p = Fixtures.ROOT.resolve(j[1]);
      if (Files.exists(p)) {
        long kib = Files.size(p) / 1024;
        json.put(j[0], kib);
        line("  %-58s %8d KiB", j[1], kib);
      } else {
        json.put(j[0], null);
        line("  %-58s  not built", j[1]);
      }
    }
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(Fixtures.ROOT.resolve(jars[0][1]).toFile())) {
      long sdk = jar.stream().filter(e -> e.getName().startsWith("com/stripe/") || e.getName().startsWith("com/resend/"))
          .count();
      json.put("authorizerJarSdkClasses", sdk);
      line("  authorizer.jar entries under com/stripe or com/resend: %d (must be 0)", sdk);
    }
  }

  // ---- 1-thread comparison ---------------------------------------------------------------

  private void compare(BenchRedis redis, String run) throws Exception {
    int users = quick ? 2_000 : 5_000;
    // many short rounds: on a shared 2-core machine a burst of someone else's work spoils a few rounds, not the median
    int rounds = quick ? 11 : 21;
    int ops = quick ? 2_000 : 6_000;
    GatingConfig config = Fixtures.config(BENCH_LIMIT, false);
    UsageAuthorizerHandler handler = Fixtures.handler(config, redis.client, Clock.systemUTC());
    String[] ids = Fixtures.users(run, users);
    AuthorizerRequestEvent[] events = Fixtures.jwtEvents(ids);
    AuthorizerRequestEvent hot = Fixtures.jwtEvents(new String[] {"hot-" + run})[0];

    RedisUsageStore store = Fixtures.store(config, redis.client);
    List<Gate> gates = Fixtures.sampleGates(config);
    List<List<byte[]>> keys = new ArrayList<>(users);
    List<List<byte[]>> bareKeys = new ArrayList<>(users);
    DecisionScript script = store.script(gates);
    for (String id : ids) {
      keys.add(store.codec().keys(script, Fixtures.account("raw-" + id)));
      bareKeys.add(List.of(Keys.bytes("{bare:" + id + "}")));
    }

    ProxyManager<String> buckets = Bucket4jJedis.casBasedBuilder(redis.client).keyMapper(Mapper.STRING)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
        .build();
    BucketConfiguration bucketConfig = BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(BENCH_LIMIT).refillIntervally(BENCH_LIMIT, Duration.ofDays(30)).build())
        .build();
    BucketProxy[] proxies = new BucketProxy[users];
    for (int i = 0; i < users; i++) {
      proxies[i] = buckets.builder().build("b4j:" + ids[i], () -> bucketConfig);
    }

    // the smallest 1-round-trip Lua gate (INCR, expire on first use) and the 1-round-trip floor, for reference
    byte[] bare = redis.client.scriptLoad("local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE',"
        + " KEYS[1], ARGV[1]) end return n", "bare").getBytes(StandardCharsets.US_ASCII);
    byte[] month = Long.toString(Duration.ofDays(30).toMillis()).getBytes(StandardCharsets.US_ASCII);
    List<Harness.Contestant> contestants = List.of(
        new Harness.Contestant("authorizer", i -> handler.handleRequest(events[i % users], null)),
        new Harness.Contestant("authorizer-hot", i -> handler.handleRequest(hot, null)),
        new Harness.Contestant("raw-evalsha", i -> script.script().runBytes(redis.client, keys.get(i % users),
            Fixtures.rawArgs(store, "raw-" + ids[i % users], gates))),
        new Harness.Contestant("bare-lua-gate", i -> redis.client.evalsha(bare, bareKeys.get(i % users), List.of(month))),
        new Harness.Contestant("redis-get", i -> redis.client.get(keys.get(i % users).get(0))),
        new Harness.Contestant("bucket4j", i -> {
          if (!proxies[i % users].tryConsume(1)) {
            throw new IllegalStateException("bucket4j refused within its limit");
          }
        }));
    line("%n== 1 thread, %s: %d distinct users (JWT cached after first check), %d rounds x %d ops, alternating",
        redis.url, users, rounds, ops);
    Harness.Result r = Harness.run(contestants, Math.max(users, quick ? 15_000 : 50_000), rounds, ops);
    line("  %-16s %10s %10s %10s", "contestant", "ops/s", "p50 us", "p99 us");
    for (Harness.Contestant c : contestants) {
      line("  %-16s %10.0f %10.1f %10.1f", c.name(), r.medianOps(c.name()), r.medianP50(c.name()), r.medianP99(c.name()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("opsPerSec", Math.round(r.medianOps(c.name())));
      m.put("p50us", round1(r.medianP50(c.name())));
      m.put("p99us", round1(r.medianP99(c.name())));
      json.put(c.name(), m);
    }
    double ab = r.ratio("authorizer", "raw-evalsha");
    double ac = r.ratio("authorizer", "bucket4j");
    double hb = r.ratio("authorizer-hot", "raw-evalsha");
    json.put("decisionVsRawEvalsha", round2(ab));
    json.put("decisionVsBucket4j", round2(ac));
    json.put("decisionHotUserVsRawEvalsha", round2(hb));
    line("  authorizer / raw EVALSHA = %.2fx (target >= 0.85)  %s", ab, ab >= 0.85 ? "MET" : "NOT MET");
    line("  authorizer / bucket4j    = %.2fx (target >= 1.8)   %s", ac, ac >= 1.8 ? "MET" : "NOT MET");
    line("  hot user / raw EVALSHA   = %.2fx", hb);
    double rc = r.ratio("raw-evalsha", "bucket4j");
    double bc = r.ratio("bare-lua-gate", "bucket4j");
    json.put("rawEvalshaVsBucket4j", round2(rc));
    json.put("bareLuaGateVsBucket4j", round2(bc));
    line("  raw EVALSHA / bucket4j   = %.2fx, bare INCR Lua gate / bucket4j = %.2fx (what the script itself allows)", rc, bc);
    if (redis.isEmbedded()) {
      Map<String, String> stats = redis.info("commandstats");
      line("  server time per command (INFO commandstats usec_per_call): evalsha %s, eval (bucket4j) %s, get %s",
          usecPerCall(stats, "evalsha"), usecPerCall(stats, "eval"), usecPerCall(stats, "get"));
    }
    line("  (medians over rounds of per-round ratios; raw = same script, keys and args, built per call)");
  }

  // ---- commands per decision --------------------------------------------------------------

  private void commands(BenchRedis own) throws Exception {
    line("%n== Commands Redis receives per decision (own server, MONITOR; steady state after 5 warm-up calls)");
    double worst = 0;
    Map<String, Object> m = new LinkedHashMap<>();
    for (boolean apiKey : new boolean[] {false, true}) {
      for (boolean denied : new boolean[] {false, true}) {
        RoundTrips.Count c = RoundTrips.count(own, apiKey, denied, 200);
        String name = (apiKey ? "apiKey" : "jwt") + (denied ? "Denied" : "Allowed");
        line("  %-14s %s", name, c);
        m.put(name, c.perDecision());
        worst = Math.max(worst, c.perDecision());
      }
    }
    json.put("commandsPerDecision", worst);
    json.put("commandsPerDecisionDetail", m);
  }

  // ---- cold start --------------------------------------------------------------------------

  private void coldStart(BenchRedis redis) throws Exception {
    int runs = quick ? 3 : 9;
    line("%n== Cold start: new JVM -> handler built from env -> first decision (allowed.json), median of %d", runs);
    ColdStart cs = new ColdStart(redis.url, () -> redis.client.del(Keys.plan("user_free_1")));
    String cds = cs.trainAppCds(Fixtures.ROOT.resolve("bench/target/authorizer-cds.jsa"));
    List<ColdStart.Figure> figures = List.of(
        cs.measure("default flags", List.of(), runs, false),
        cs.measure("-XX:TieredStopAtLevel=1", List.of("-XX:TieredStopAtLevel=1"), runs, false),
        cs.measure("AppCDS", List.of(cds), runs, false),
        cs.measure("AppCDS + TieredStopAtLevel=1", List.of(cds, "-XX:TieredStopAtLevel=1"), runs, false),
        cs.measure("primed (2nd decision in the JVM)", List.of(), runs, true));
    for (ColdStart.Figure f : figures) {
      line("  %-34s %7.0f ms   [%s]", f.flags(), f.medianMs(), f.breakdown());
    }
    json.put("coldStartMs", Math.round(figures.get(0).medianMs()));
    json.put("coldStartTieredStopAtLevel1Ms", Math.round(figures.get(1).medianMs()));
    json.put("coldStartAppCdsMs", Math.round(figures.get(2).medianMs()));
    json.put("coldStartAppCdsTiered1Ms", Math.round(figures.get(3).medianMs()));
    long classes = cs.classesLoaded(List.of());
    json.put("coldStartClassesLoaded", classes);
    line("  classes loaded up to the first decision (default flags, -Xlog:class+load): %d", classes);
    line("  target <= 400 ms with default flags: %s", figures.get(0).medianMs() <= 400 ? "MET" : "NOT MET");
  }

  // ---- memory, keyspace, scale ----------------------------------------------------------------

  private void memoryAndScale(BenchRedis own, String run) throws Exception {
    Scale.Figures f = Scale.run(own, run, 100_000, 16, this::line);
    json.put("redisBytesPerUser", f.bytesPerUser());
    json.put("keysWithoutTtl", f.keysWithoutTtl());
    json.put("scaleDecisionsPerSec16Threads", f.handlerPerSec());
    json.put("scaleRawEvalshaPerSec16Threads", f.rawPerSec());
  }

  private static String usecPerCall(Map<String, String> stats, String command) {
    String v = stats.get("cmdstat_" + command);
    if (v == null) {
      return "-";
    }
    int i = v.indexOf("usec_per_call=");
    return v.substring(i + "usec_per_call=".length(), v.indexOf(',', i)) + " us";
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
