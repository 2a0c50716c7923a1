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
import redis.clients.jedis.UnifiedJedis;

/**
 * Issue 7's and 16's figures in one process: the authorizer's decision path against a raw
 * EVALSHA loop and bucket4j (1 thread, same Redis, alternating rounds, medians), Redis server
 * time per decision (INFO commandstats), the same comparison behind 200 µs of injected round
 * trip, the gateway end to end, a scaling curve with Redis CPU, commands per decision, cold
 * start, jar sizes and Redis bytes per account. Run by bench/run. A part that fails leaves its
 * keys null, with the reason printed above the JSON line.
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
    // the JDK's HttpServer (the local gateway emulator, the echo upstream) writes a response's
    // headers and body in two segments; without TCP_NODELAY, Nagle + the client's delayed ACK
    // stall each call ~40 ms, which would swamp the gateway figure
    System.setProperty("sun.net.httpserver.nodelay", "true");
    boolean quick = List.of(args).contains("--quick");
    new Bench(quick).run();
    System.exit(0);
  }

  /** The keys of issue 16 that must be in the JSON line (a number, or null with a reason). */
  static final List<String> ISSUE16_KEYS = List.of("decisionServerUs", "bucket4jServerUs", "allConditionsServerUs",
      "decisionVsBucket4j", "decisionVsBucket4jAt200usRtt", "coldStartMs", "coldStartAppCdsMs", "coldStartSnapStartMs",
      "commandsPerDecision", "redisBytesPerAccount", "gatewayP50Us", "gatewayP99Us", "ungatedP50Us", "ungatedP99Us");

  private final List<String> nullReasons = new ArrayList<>();

  /** A part of the run; when it throws, its keys stay null and the reason is printed above the JSON line. */
  @FunctionalInterface
  private interface Part {
    void run() throws Exception;
  }

  private void part(String name, Part p) {
    try {
      p.run();
    } catch (Exception | Error e) {
      String reason = name + " failed: " + e;
      line("  !! %s", reason);
      e.printStackTrace();
      nullReasons.add(reason);
    }
  }

  private void run() throws Exception {
    String run = String.format("%08x", ThreadLocalRandom.current().nextInt());
    try (BenchRedis main = BenchRedis.urlOrOwn(System.getenv("REDIS_URL"));
        BenchRedis own = BenchRedis.own()) {
      json.put("mode", quick ? "quick" : "full");
      json.put("machine", Machine.describe());
      json.put("redis", main.describe());
      json.put("ownRedis", own.describe());
      line("machine: %s", Machine.describe());
      line("Redis under test: %s (%s); own server for server time, counts, memory, scale and gateway: %s", main.url,
          main.describe(), own.describe());
      part("jar sizes", this::jarSizes);
      part("1-thread comparison", () -> compare(main, run));
      // counts and memory first, on the own server while it holds only their keys
      part("commands per decision", () -> commands(own));
      part("memory and scale", () -> memoryAndScale(own, run));
      part("server time", () -> serverCost(own, run));
      part("scaling curve", () -> scaling(own, run));
      part("200 us round trip", () -> latency(own, run));
      part("gateway", () -> gateway(own, run));
      part("cold start", () -> coldStart(main));
    }
    for (String k : ISSUE16_KEYS) {
      if (!json.containsKey(k)) {
        json.put(k, null);
        if (nullReasons.stream().noneMatch(r -> r.contains(k))) {
          nullReasons.add(k + ": not measured (its part failed above)");
        }
      }
    }
    System.out.println();
    System.out.print(table);
    System.out.println();
    for (String r : nullReasons) {
      System.out.println("null: " + r);
    }
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

    BucketProxy[] proxies = buckets(redis.client, ids);

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
        new Harness.Contestant("redis-get", i -> redis.client.get(bareKeys.get(i % users).get(0))),
        new Harness.Contestant("bucket4j", i -> tryConsume(proxies[i % users])));
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
    line("  (medians over rounds of per-round ratios; raw = same script, keys and args, built per call)");
  }

  /** One bucket4j bucket per id (capacity = the bench's limit, refilled per 30 days), Jedis CAS proxy manager. */
  static BucketProxy[] buckets(UnifiedJedis client, String[] ids) {
    ProxyManager<String> buckets = Bucket4jJedis.casBasedBuilder(client).keyMapper(Mapper.STRING)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
        .build();
    BucketConfiguration bucketConfig = BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(BENCH_LIMIT).refillIntervally(BENCH_LIMIT, Duration.ofDays(30)).build())
        .build();
    BucketProxy[] proxies = new BucketProxy[ids.length];
    for (int i = 0; i < ids.length; i++) {
      proxies[i] = buckets.builder().build("b4j:" + ids[i], () -> bucketConfig);
    }
    return proxies;
  }

  static void tryConsume(BucketProxy bucket) {
    if (!bucket.tryConsume(1)) {
      throw new IllegalStateException("bucket4j refused within its limit");
    }
  }

  // ---- Redis server time per decision -------------------------------------------------------

  private void serverCost(BenchRedis redis, String run) throws Exception {
    int users = quick ? 1_000 : 2_000;
    // many short rounds: a round that other work on the machine disturbed is one of many
    int rounds = quick ? 31 : 61;
    int ops = quick ? 400 : 1_000;
    GatingConfig shipped = Fixtures.config(BENCH_LIMIT, false);
    GatingConfig all = Fixtures.allConditions(BENCH_LIMIT);
    UsageAuthorizerHandler decision = Fixtures.handler(shipped, redis.client, Clock.systemUTC());
    UsageAuthorizerHandler allConditions = Fixtures.handler(all, redis.client, Clock.systemUTC());
    String[] ids = Fixtures.users(run + "s", users);
    String[] allIds = Fixtures.users(run + "c", users);
    AuthorizerRequestEvent[] events = Fixtures.jwtEvents(ids);
    AuthorizerRequestEvent[] allEvents = Fixtures.jwtEvents(allIds);
    BucketProxy[] proxies = buckets(redis.client, ids);
    byte[] floor = redis.client.scriptLoad("local h = redis.call('HMGET', KEYS[1], 's', 'n') "
        + "redis.call('HINCRBY', KEYS[1], 'n', 1) return 1", "floor").getBytes(StandardCharsets.US_ASCII);
    List<List<byte[]>> floorKeys = new ArrayList<>(users);
    for (String id : ids) {
      floorKeys.add(List.of(Keys.bytes("{floor:" + id + "}")));
    }
    List<String> script = List.of("evalsha", "eval");
    List<ServerCost.Contestant> contestants = List.of(
        new ServerCost.Contestant("decision", i -> decision.handleRequest(events[i % users], null), script),
        new ServerCost.Contestant("allConditions", i -> allConditions.handleRequest(allEvents[i % users], null), script),
        new ServerCost.Contestant("bucket4j", i -> tryConsume(proxies[i % users]), List.of("evalsha", "eval", "get")),
        new ServerCost.Contestant("lua-floor", i -> redis.client.evalsha(floor, floorKeys.get(i % users), List.of()),
            script));
    line("%n== Redis server time per operation (INFO commandstats; %s; CONFIG RESETSTAT, %d ops, per contestant,"
        + " %d alternating rounds, medians)", redis.describe(), ops, rounds);
    line("  decision = the authorizer path with the shipped gating.yaml (JWT, deadline set: its EVALSHA as production"
        + " sends it); allConditions = bench/all-conditions.yaml (cost, member share, credits, overage, thresholds,"
        + " a feature gate: two gates on the route); bucket4j = EVAL + GET per tryConsume; lua-floor = one EVALSHA of"
        + " HMGET + HINCRBY on one hash");
    Map<String, ServerCost.Figure> f = ServerCost.run(redis, contestants, users, rounds, ops);
    for (Map.Entry<String, ServerCost.Figure> e : f.entrySet()) {
      line("  %-16s %6.2f us per op (least-disturbed round %5.2f), %.2f commands per op", e.getKey(),
          e.getValue().usPerOp(), e.getValue().minUsPerOp(), e.getValue().commandsPerOp());
    }
    double d = f.get("decision").usPerOp();
    double a = f.get("allConditions").usPerOp();
    double b = f.get("bucket4j").usPerOp();
    json.put("decisionServerUs", round2(d));
    json.put("bucket4jServerUs", round2(b));
    json.put("allConditionsServerUs", round2(a));
    json.put("luaFloorServerUs", round2(f.get("lua-floor").usPerOp()));
    json.put("decisionServerMinUs", round2(f.get("decision").minUsPerOp()));
    json.put("bucket4jServerMinUs", round2(f.get("bucket4j").minUsPerOp()));
    json.put("allConditionsServerMinUs", round2(f.get("allConditions").minUsPerOp()));
    json.put("decisionServerVsBucket4j", round2(d / b));
    json.put("allConditionsServerVsBucket4j", round2(a / b));
    line("  decision / bucket4j      = %.2fx (target <= 1.00)  %s", d / b, d <= b ? "MET" : "NOT MET");
    line("  allConditions / bucket4j = %.2fx (target <= 1.50)  %s", a / b, a <= 1.5 * b ? "MET" : "NOT MET");
  }

  // ---- the same comparison behind 200 us of round trip -------------------------------------

  private void latency(BenchRedis redis, String run) throws Exception {
    int port = java.net.URI.create(redis.url).getPort();
    int users = quick ? 300 : 1_000;
    int rounds = quick ? 7 : 15;
    int ops = quick ? 400 : 1_000;
    try (LatencyProxy proxy = LatencyProxy.start("127.0.0.1", port, 100);
        UnifiedJedis via = dev.tollgate.redis.RedisConnector.connect("redis://127.0.0.1:" + proxy.port(), null,
            Duration.ofSeconds(5), Duration.ofSeconds(5))) {
      GatingConfig config = Fixtures.config(BENCH_LIMIT, false);
      UsageAuthorizerHandler handler = Fixtures.handler(config, via, Clock.systemUTC());
      String[] ids = Fixtures.users(run + "l", users);
      AuthorizerRequestEvent[] events = Fixtures.jwtEvents(ids);
      BucketProxy[] proxies = buckets(via, ids);
      byte[] key = Keys.bytes("{rtt:" + run + "}");
      List<Harness.Contestant> contestants = List.of(
          new Harness.Contestant("authorizer", i -> handler.handleRequest(events[i % users], null)),
          new Harness.Contestant("bucket4j", i -> tryConsume(proxies[i % users])),
          new Harness.Contestant("get-via-proxy", i -> via.get(key)),
          new Harness.Contestant("get-direct", i -> redis.client.get(key)));
      line("%n== 1 thread behind a latency proxy (LatencyProxy: 100 us each way on loopback = +200 us round trip), %d"
          + " users, %d rounds x %d ops, alternating", users, rounds, ops);
      Harness.Result r = Harness.run(contestants, users, rounds, ops);
      for (Harness.Contestant c : contestants) {
        line("  %-16s %10.0f ops/s %10.1f p50 us %10.1f p99 us", c.name(), r.medianOps(c.name()), r.medianP50(c.name()),
            r.medianP99(c.name()));
      }
      double added = r.medianP50("get-via-proxy") - r.medianP50("get-direct");
      double ratio = r.ratio("authorizer", "bucket4j");
      json.put("decisionVsBucket4jAt200usRtt", round2(ratio));
      json.put("proxyAddedRttUs", round1(added));
      json.put("authorizerAt200usRtt", Map.of("opsPerSec", Math.round(r.medianOps("authorizer")), "p50us",
          round1(r.medianP50("authorizer"))));
      json.put("bucket4jAt200usRtt", Map.of("opsPerSec", Math.round(r.medianOps("bucket4j")), "p50us",
          round1(r.medianP50("bucket4j"))));
      line("  round trip the proxy adds (GET p50 through it - direct): %.0f us", added);
      line("  authorizer / bucket4j at +200 us = %.2fx (target >= 1.9)  %s", ratio, ratio >= 1.9 ? "MET" : "NOT MET");
    }
  }

  // ---- the gateway end to end ---------------------------------------------------------------

  private void gateway(BenchRedis redis, String run) throws Exception {
    int users = quick ? 200 : 1_000;
    int rounds = quick ? 5 : 11;
    int ops = quick ? 400 : 1_000;
    GatingConfig config = Fixtures.config(BENCH_LIMIT, false);
    String[] ids = Fixtures.users(run + "g", users);
    com.nimbusds.jose.crypto.MACSigner signer = Fixtures.signer();
    java.time.Instant now = java.time.Instant.now();
    String[] auth = new String[users];
    for (int i = 0; i < users; i++) {
      auth[i] = "Bearer " + Fixtures.token(signer, ids[i], now);
    }
    try (dev.tollgate.local.GatewayBench gw = new dev.tollgate.local.GatewayBench(config, redis.client,
        Map.of("JWT_SECRET", Fixtures.SAMPLE_SECRET), Fixtures.ROOT)) {
      line("%n== Gateway end to end, 1 client thread: HTTP client -> local gateway emulator (template.yaml) -> authorizer"
          + " (Lambda serializers) -> echo upstream, vs the same emulator with the gate off (no DefaultAuthorizer);"
          + " POST /api/features/search, %d users, %d rounds x %d calls", users, rounds, ops);
      dev.tollgate.local.GatewayBench.Latency[] l = gw.run("/api/features/search", auth, users, rounds, ops);
      json.put("gatewayP50Us", round1(l[0].p50Us()));
      json.put("gatewayP99Us", round1(l[0].p99Us()));
      json.put("ungatedP50Us", round1(l[1].p50Us()));
      json.put("ungatedP99Us", round1(l[1].p99Us()));
      line("  gated   p50 %8.1f us   p99 %8.1f us", l[0].p50Us(), l[0].p99Us());
      line("  ungated p50 %8.1f us   p99 %8.1f us   (the gate adds %.0f us at p50)", l[1].p50Us(), l[1].p99Us(),
          l[0].p50Us() - l[1].p50Us());
    }
  }

  // ---- scaling curve ----------------------------------------------------------------------------

  private void scaling(BenchRedis redis, String run) throws Exception {
    int users = 2_000;
    int n = quick ? 6_000 : 30_000;
    GatingConfig config = Fixtures.config(BENCH_LIMIT, false);
    UsageAuthorizerHandler handler = Fixtures.handler(config, redis.client, Clock.systemUTC());
    AuthorizerRequestEvent[] events = Fixtures.jwtEvents(Fixtures.users(run + "k", users));
    Scale.parallel(4, users, i -> handler.handleRequest(events[i], null));
    Scale.parallel(1, n, i -> handler.handleRequest(events[i % users], null));
    line("%n== Scaling: the full authorizer path, %d decisions per step over %d users (JWT cached), %s", n, users,
        redis.describe());
    line("  %8s %14s %16s %22s", "threads", "decisions/s", "Redis CPU %", "Redis CPU us/decision");
    List<Object> curve = new ArrayList<>();
    for (int threads : new int[] {1, 2, 4, 8, 16}) {
      double cpu0 = redis.cpuSeconds();
      long t0 = System.nanoTime();
      double rate = Scale.parallel(threads, n, i -> handler.handleRequest(events[i % users], null));
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = redis.cpuSeconds() - cpu0;
      line("  %8d %14.0f %16.0f %22.1f", threads, rate, cpu / wall * 100, cpu / n * 1e6);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("threads", threads);
      m.put("decisionsPerSec", Math.round(rate));
      m.put("redisCpuPct", Math.round(cpu / wall * 100));
      m.put("redisCpuUsPerDecision", round1(cpu / n * 1e6));
      curve.add(m);
    }
    json.put("scaling", curve);
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
    ColdStart.Figure restored = cs.measureRestored(runs);
    line("  %-34s %7.1f ms   [%s]", restored.flags(), restored.medianMs(), restored.breakdown());
    json.put("coldStartSnapStartMs", round1(restored.medianMs()));
    line("  (SnapStart: the first decision after the handler's priming and restore hooks in one JVM; the platform's"
        + " restore of the snapshot itself happens on Lambda and is not in this figure)");
    long classes = cs.classesLoaded(List.of());
    json.put("coldStartClassesLoaded", classes);
    line("  classes loaded up to the first decision (default flags, -Xlog:class+load): %d", classes);
    line("  target <= 350 ms with default flags: %s; <= 250 ms with AppCDS: %s",
        figures.get(0).medianMs() <= 350 ? "MET" : "NOT MET", figures.get(2).medianMs() <= 250 ? "MET" : "NOT MET");
  }

  // ---- memory, keyspace, scale ----------------------------------------------------------------

  private void memoryAndScale(BenchRedis own, String run) throws Exception {
    // quick: 30,000 accounts give the same bytes per account within a few bytes, in a third of the time
    Scale.Figures f = Scale.run(own, run, quick ? 30_000 : 100_000, 16, this::line);
    json.put("redisBytesPerUser", f.bytesPerUser());
    json.put("redisBytesPerAccount", f.bytesPerUser());
    json.put("keysWithoutTtl", f.keysWithoutTtl());
    json.put("scaleDecisionsPerSec16Threads", f.handlerPerSec());
    json.put("scaleRawEvalshaPerSec16Threads", f.rawPerSec());
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
