package dev.tollgate.deploy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.authorizer.AuthorizerRequestEvent;
import dev.tollgate.authorizer.UsageAuthorizerHandler;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.Caller;
import dev.tollgate.identity.UserId;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.InMemoryUsageStore;
import dev.tollgate.usage.PendingIndex;
import dev.tollgate.usage.UsageCall;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageOutcome;
import dev.tollgate.usage.UsageStore;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The real authorizer handler (the repository's gating.yaml, an in-memory or an unreachable
 * store, a caller already identified) in each situation it answers: a counted call, an
 * ungated route, a denial, fail open; what its policies carry and which EMF
 * metrics it writes when Redis is unreachable.
 */
final class AuthorizerRuns {
  static final String GATEWAY_SECRET = "gateway-secret-of-the-test";

  private AuthorizerRuns() {}

  /** The repository's gating.yaml with {@code free: limit} and {@code failMode}. */
  static GatingConfig config(int limit, String failMode) throws IOException {
    String yaml = Files.readString(Repo.root().resolve("gating.yaml"));
    String edited = yaml.replace("free: 100,", "free: " + limit + ",")
        .replace("\nfailMode: open", "\nfailMode: " + failMode);
    if (!edited.contains("free: " + limit) || !edited.contains("failMode: " + failMode)) {
      throw new IllegalStateException("gating.yaml changed shape: the test's edits no longer apply");
    }
    return ConfigLoader.parse(edited, "gating.yaml (deploy test)");
  }

  /** A handler over {@code store} for the caller {@code user}. */
  static UsageAuthorizerHandler handler(GatingConfig config, UsageStore store, String user) {
    return handler(config, store, user, line -> { });
  }

  /** As {@link #handler(GatingConfig, UsageStore, String)}, its EMF lines to {@code metrics}. */
  static UsageAuthorizerHandler handler(GatingConfig config, UsageStore store, String user,
      java.util.function.Consumer<String> metrics) {
    return new UsageAuthorizerHandler((headers, now) -> new Caller(user, user + "@example.com"),
        new UsageGate(config, store, PendingIndex.NONE), () -> GATEWAY_SECRET, Clock.systemUTC(), metrics);
  }

  /** A REQUEST event for {@code method} {@code path}, as API Gateway sends it. */
  static AuthorizerRequestEvent event(String method, String path) {
    AuthorizerRequestEvent e = new AuthorizerRequestEvent();
    e.setType("REQUEST");
    e.setHttpMethod(method);
    e.setPath(path);
    e.setResource("/{proxy+}");
    e.setPathParameters(Map.of("proxy", path.substring(1)));
    e.setMethodArn("arn:aws:execute-api:us-east-1:123456789012:abc/prod/" + method + path);
    e.setHeaders(Map.of("Authorization", "Bearer test"));
    return e;
  }

  /** The policies of every situation: counted, ungated, denied, failed open. */
  static List<IamPolicyResponseV1> everySituation() throws IOException {
    List<IamPolicyResponseV1> out = new ArrayList<>();
    GatingConfig limitOne = config(1, "open");
    InMemoryUsageStore store = new InMemoryUsageStore(new ArrayList<>(limitOne.plans().keySet()), "free");
    UsageAuthorizerHandler h = handler(limitOne, store, "ada");
    out.add(h.handleRequest(event("POST", "/api/features/search"), null));
    out.add(h.handleRequest(event("GET", "/api/status"), null));
    out.add(h.handleRequest(event("POST", "/api/features/search"), null));
    out.add(handler(limitOne, new DownStore(), "ada").handleRequest(event("POST", "/api/features/search"), null));
    return out;
  }

  /** Whether {@code p} allows. */
  static boolean allows(IamPolicyResponseV1 p) {
    Object statements = p.getPolicyDocument().get("Statement");
    Object first = statements instanceof Object[] a ? a[0] : ((List<?>) statements).get(0);
    return IamPolicyResponseV1.ALLOW.equals(((Map<?, ?>) first).get("Effect"));
  }

  /** Every context key the Allows (or the Denies) of {@link #everySituation} carry. */
  static Set<String> contextKeys(boolean allowed) throws IOException {
    Set<String> keys = new TreeSet<>();
    for (IamPolicyResponseV1 p : everySituation()) {
      if (allows(p) == allowed) {
        keys.addAll(p.getContext().keySet());
      }
    }
    return keys;
  }

  /** The EMF lines the handler writes to its metrics sink when Redis is unreachable under {@code failMode}. */
  static List<String> emfWhenRedisIsDown(String failMode) throws IOException {
    List<String> lines = new java.util.ArrayList<>();
    UsageAuthorizerHandler h = handler(config(100, failMode), new DownStore(), "ada", lines::add);
    try {
      h.handleRequest(event("POST", "/api/features/search"), null);
    } catch (RuntimeException closed) {
      // fail closed throws (the gateway's 503); the metric line is what is checked
    }
    return lines.stream().filter(l -> l.startsWith("{\"_aws\"")).toList();
  }

  /** A store that never answers (Redis unreachable). */
  static final class DownStore implements UsageStore {
    @Override
    public UsageOutcome consume(UsageCall call) throws UsageStoreUnavailableException {
      throw new UsageStoreUnavailableException("Redis unreachable (test)", null);
    }

    @Override
    public UsageOutcome peek(AccountId account, UserId user, List<Gate> gates, Instant now)
        throws UsageStoreUnavailableException {
      throw new UsageStoreUnavailableException("Redis unreachable (test)", null);
    }

    @Override
    public void reset(AccountId account, List<Gate> gates) throws UsageStoreUnavailableException {
      throw new UsageStoreUnavailableException("Redis unreachable (test)", null);
    }
  }
}
