package dev.tollgate.bench;

import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.UsageAuthorizerHandler;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.redis.RedisApiKeyStore;
import dev.tollgate.testing.RedisMonitor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what Redis receives around a burst of decisions: client commands by MONITOR (which
 * leaves out the commands the script runs), and the first call's extra commands.
 */
final class RoundTrips {
  /** Client commands over {@code decisions} steady-state decisions, and what the very first decision sent. */
  record Count(int decisions, Map<String, Integer> commands, List<String> firstCall, List<String> firstDenial) {
    double perDecision() {
      return commands.values().stream().mapToInt(Integer::intValue).sum() / (double) decisions;
    }

    @Override
    public String toString() {
      return String.format("%.2f/decision %s; first call sent %s%s", perDecision(), commands, firstCall,
          firstDenial.isEmpty() ? "" : ", first denial sent " + firstDenial);
    }
  }

  private RoundTrips() {}

  static Count count(BenchRedis redis, boolean apiKey, boolean denied, int decisions) throws Exception {
    GatingConfig config = Fixtures.config(denied ? 3 : Bench.BENCH_LIMIT, apiKey);
    UsageAuthorizerHandler handler = Fixtures.handler(config, redis.client, Clock.systemUTC());
    String user = "rt-" + System.nanoTime();
    AuthorizerRequestEvent base = Fixtures.event("allowed.json");
    AuthorizerRequestEvent event = apiKey
        ? Fixtures.withHeader(base, "x-api-key", new RedisApiKeyStore(redis.client).create(user, null, Instant.now()))
        : Fixtures.withHeader(base, "Authorization", "Bearer " + Fixtures.token(Fixtures.signer(), user, Instant.now()));
    try (RedisMonitor monitor = RedisMonitor.start(redis.url)) {
      monitor.clientCommands();
      handler.handleRequest(event, null);
      List<String> first = monitor.clientCommands();
      handler.handleRequest(event, null);
      handler.handleRequest(event, null);
      monitor.clientCommands();
      handler.handleRequest(event, null);
      List<String> fourth = monitor.clientCommands();
      List<String> firstDenial = denied ? fourth : List.of();
      handler.handleRequest(event, null);
      monitor.clientCommands();
      for (int i = 0; i < decisions; i++) {
        boolean wasDenied = handler.handleRequest(event, null).getContext().containsKey("code");
        if (wasDenied != denied) {
          throw new IllegalStateException("expected " + (denied ? "denials" : "allowed calls"));
        }
      }
      Map<String, Integer> counts = new TreeMap<>();
      for (String c : monitor.clientCommands()) {
        counts.merge(c, 1, Integer::sum);
      }
      return new Count(decisions, counts, first, firstDenial);
    }
  }
}
