package dev.tollgate.local;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.AuthorizerWiring;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.local.gateway.CfnTemplate;
import dev.tollgate.local.gateway.GatewayTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import redis.clients.jedis.UnifiedJedis;

/**
 * The end-to-end figure of issue 16, in one process: an HTTP client calls the local gateway
 * ({@link GatewayEmulator}, answering from template.yaml as {@code ./tollgate local} does),
 * which invokes the authorizer through the Lambda serializers ({@link LambdaFunction}) and
 * proxies the allowed call to an echo upstream; against the same call through the same
 * emulator with the gate off (template.yaml's API without its {@code DefaultAuthorizer}: the
 * request goes straight to the upstream). Lives in the local stack's package to reach its
 * package-private parts; the bench module is the only one that has it.
 */
public final class GatewayBench implements AutoCloseable {
  /** p50/p99 of one side, µs. */
  public record Latency(double p50Us, double p99Us) {}

  private final HttpServer upstream;
  private final HttpServer gated;
  private final HttpServer ungated;
  private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "gateway-bench");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Starts an echo upstream and two emulators over {@code config}'s authorizer on {@code redis}
   * (secrets from {@code env}); {@code root} is the repository (template.yaml).
   */
  public GatewayBench(GatingConfig config, UnifiedJedis redis, Map<String, String> env, Path root) throws IOException {
    Clock clock = Clock.systemUTC();
    upstream = server(ex -> {
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      HttpExchanges.send(ex, 200, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
    });
    URI echo = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
    LambdaFunction<?, ?> authorizer = LambdaFunction.of(LocalStack.AUTHORIZER, AuthorizerRequestEvent.class,
        AuthorizerWiring.of(config, redis, env, line -> { }).handler(clock));
    LambdaInvokeApi lambda = new LambdaInvokeApi(Map.of(LocalStack.AUTHORIZER, authorizer), LocalStack.FUNCTION_TIMEOUT,
        clock);
    Map<String, String> params = Map.of("BackendUrl", echo.toString(), "StageName", ApiGatewayEvents.STAGE);
    Path file = root.resolve("template.yaml");
    GatewayEmulator on = new GatewayEmulator(lambda, echo, clock,
        GatewayTemplate.of(CfnTemplate.load(file), params, file.toString()));
    Map<String, Object> withoutAuthorizer = CfnTemplate.load(file);
    removeDefaultAuthorizer(withoutAuthorizer);
    GatewayEmulator off = new GatewayEmulator(lambda, echo, clock,
        GatewayTemplate.of(withoutAuthorizer, params, file + " without DefaultAuthorizer"));
    gated = server(on::handle);
    ungated = server(off::handle);
  }

  @SuppressWarnings("unchecked")
  private static void removeDefaultAuthorizer(Map<String, Object> template) {
    Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
    for (Object r : resources.values()) {
      Map<String, Object> res = (Map<String, Object>) r;
      if ("AWS::Serverless::Api".equals(res.get("Type"))) {
        Map<String, Object> auth = (Map<String, Object>) ((Map<String, Object>) res.get("Properties")).get("Auth");
        auth.remove("DefaultAuthorizer");
      }
    }
  }

  private HttpServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    s.setExecutor(workers);
    s.createContext("/", ex -> {
      try {
        handler.handle(ex);
      } catch (IOException | RuntimeException e) {
        System.err.println("gateway bench: " + e);
        HttpExchanges.json(ex, 500, "{\"message\": \"Internal server error\"}");
      }
    });
    s.start();
    return s;
  }

  /**
   * {@code rounds} alternating rounds of {@code ops} POSTs to {@code path} on each side, one at a
   * time, the i-th carrying {@code authorizations[i % n]}; after {@code warmup} calls per side.
   * Returns {gated, ungated}: the median over rounds of each round's p50 and p99.
   */
  public Latency[] run(String path, String[] authorizations, int warmup, int rounds, int ops)
      throws IOException, InterruptedException {
    URI on = URI.create("http://127.0.0.1:" + gated.getAddress().getPort() + path);
    URI off = URI.create("http://127.0.0.1:" + ungated.getAddress().getPort() + path);
    int[] next = {0};
    for (int i = 0; i < warmup; i++) {
      call(on, authorizations[next[0]++ % authorizations.length]);
      call(off, authorizations[i % authorizations.length]);
    }
    double[][] p50 = new double[2][rounds];
    double[][] p99 = new double[2][rounds];
    long[] lat = new long[ops];
    for (int r = 0; r < rounds; r++) {
      for (int side = 0; side < 2; side++) {
        for (int i = 0; i < ops; i++) {
          String a = authorizations[next[0]++ % authorizations.length];
          long t = System.nanoTime();
          call(side == 0 ? on : off, a);
          lat[i] = System.nanoTime() - t;
        }
        Arrays.sort(lat);
        p50[side][r] = lat[ops / 2] / 1e3;
        p99[side][r] = lat[(int) (ops * 0.99)] / 1e3;
      }
    }
    return new Latency[] {new Latency(median(p50[0]), median(p99[0])), new Latency(median(p50[1]), median(p99[1]))};
  }

  private void call(URI uri, String authorization) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Authorization", authorization)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"q\":\"bench\"}")).build();
    HttpResponse<byte[]> res = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
    if (res.statusCode() != 200) {
      throw new IllegalStateException("gateway answered " + res.statusCode() + ": "
          + new String(res.body(), StandardCharsets.UTF_8));
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  @Override
  public void close() {
    for (HttpServer s : List.of(gated, ungated, upstream)) {
      s.stop(0);
    }
    workers.shutdownNow();
  }
}
