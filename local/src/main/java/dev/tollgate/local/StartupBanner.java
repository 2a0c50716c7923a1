package dev.tollgate.local;

import dev.tollgate.config.GatingConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/** What {@code tollgate local} prints once it is up: what runs where, and lines to paste. */
final class StartupBanner {
  private final PrintWriter out;
  private final LocalStack stack;
  private final GatingConfig config;
  private final Map<String, String> defaulted;
  private final URI upstream;
  private final Path outbox;

  StartupBanner(PrintWriter out, LocalStack stack, GatingConfig config, Map<String, String> defaulted, URI upstream,
      Path outbox) {
    this.out = out;
    this.stack = stack;
    this.config = config;
    this.defaulted = defaulted;
    this.upstream = upstream;
    this.outbox = outbox;
  }

  void print() {
    String base = "http://localhost:" + stack.port();
    out.println("Tollgate local stack on " + base + "  (Ctrl-C stops it)");
    out.println("  redis        " + redacted(stack.redisUrl()) + (!stack.embeddedRedis() ? "  (REDIS_URL)"
        : stack.dataDir() != null ? "  (embedded redis-server, stopped with the stack; data kept in " + stack.dataDir()
        + ")" : "  (embedded redis-server, stopped with the stack; in memory: its data is lost when the stack stops, "
        + "--data DIR keeps it)"));
    out.println("  identity     " + identity());
    out.println("  functions    " + String.join(", ", new TreeSet<>(stack.functionNames()))
        + "  (POST " + base + "/2015-03-31/functions/{name}/invocations)");
    for (String missing : new String[] {LocalStack.WEBHOOK, LocalStack.DISPATCHER}) {
      if (!stack.functionNames().contains(missing)) {
        out.println("  (not wired yet in this build: " + missing + ")");
      }
    }
    if (stack.functionNames().contains(LocalStack.WEBHOOK)) {
      out.println("  webhook      POST " + base + LocalStack.WEBHOOK_PATH + "  (stripe listen --forward-to localhost:"
          + stack.port() + LocalStack.WEBHOOK_PATH + ")");
    }
    if (stack.unsubscribePath() != null && stack.functionNames().contains(LocalStack.UNSUBSCRIBE)) {
      out.println("  unsubscribe  " + base + stack.unsubscribePath() + "?u=...&s=...");
    }
    if (stack.upgradePath() != null && stack.functionNames().contains(LocalStack.UPGRADE_LINK)) {
      String key = System.getenv("STRIPE_API_KEY");
      out.println("  upgrade      GET " + base + stack.upgradePath() + "?a=...&x=...&s=...  (the 402's upgradeUrl: "
          + (key == null || key.isBlank() ? "redirects to email.upgradeUrl; STRIPE_API_KEY opens Stripe Checkout)"
          : "Stripe Checkout, or the Customer Portal for a payer)"));
    }
    out.println("  dashboard    " + base + DashboardRoute.PAGE + "  (the funnel, experiments, nearest limits, latest "
        + "blocks; its data: " + DashboardRoute.DATA + ")");
    out.println("  operators    ./tollgate usage show alice --remote " + LocalStack.ADMIN + " --endpoint-url " + base
        + "  (AdminFunction; any AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_REGION)");
    if (stack.sampleApiKey() != null) {
      out.println("  sample key   " + stack.sampleApiKey() + "  (user " + DevDefaults.SAMPLE_USER + ", the key of "
          + "events/authorizer/api-key.json; local only, never use it for real)");
    }
    out.println("  other paths  authorizer, then " + (upstream == null ? "a built-in echo (--upstream URL for your API)"
        : upstream.toString()));
    if (stack.functionNames().contains(LocalStack.DISPATCHER)) {
      String key = System.getenv("RESEND_API_KEY");
      out.println("  dispatcher   " + (!stack.functionNames().contains(LocalStack.UNSUBSCRIBE)
          ? "follow-ups and events only (gating.yaml has no email section)"
          : key == null || key.isBlank() ? "emails written to " + outbox.toAbsolutePath()
          : "emails sent through Resend (RESEND_API_KEY)"));
    }
    if (stack.functionNames().contains(LocalStack.REPORTER)) {
      String key = System.getenv("STRIPE_API_KEY");
      out.println("  reporter     overage " + (key == null || key.isBlank() ? "meter events written to "
          + outbox.resolve("meter-events").toAbsolutePath() : "reported to Stripe Billing meters (STRIPE_API_KEY)")
          + ", after each dispatcher run");
    }
    if (!defaulted.isEmpty()) {
      out.println("  dev secrets  not set in the environment, so local defaults are used (never use them for real):");
      defaulted.forEach((k, v) -> out.println("               " + k + "=" + v));
    }
    out.println();
    out.println("Try it:");
    if (config.identity().type() == GatingConfig.IdentityType.API_KEY) {
      out.println("  KEY=$(./tollgate keys create --user alice --email alice@example.com)");
      out.println("  curl -i -X " + exampleMethod() + " -H \"x-api-key: $KEY\" " + base + examplePath());
    } else {
      out.println("  TOKEN=$(./tollgate token --user alice --email alice@example.com)");
      out.println("  curl -i -X " + exampleMethod() + " -H \"Authorization: Bearer $TOKEN\" " + base + examplePath());
    }
    out.println("  ./tollgate usage show alice");
    String sample = config.identity().type() == GatingConfig.IdentityType.JWT ? "allowed.json"
        : stack.sampleApiKey() != null ? "api-key.json" : null;
    if (sample != null) {
      out.println("  curl -s " + base + "/2015-03-31/functions/" + LocalStack.AUTHORIZER
          + "/invocations -d @events/authorizer/" + sample);
    }
    out.println("  ./tollgate report");
    out.flush();
  }

  private String identity() {
    GatingConfig.Identity id = config.identity();
    if (id.type() == GatingConfig.IdentityType.API_KEY) {
      return "API keys (header x-api-key or " + id.header() + "); create one with ./tollgate keys create";
    }
    return "JWT in " + id.header() + ": Bearer <token>; mint one with ./tollgate token";
  }

  private String examplePath() {
    String glob = config.loops().isEmpty() ? "/hello" : config.loops().get(0).steps().get(0).trigger().endpoint().toString();
    return glob.replace("**", "demo").replace("*", "demo");
  }

  private String exampleMethod() {
    if (config.loops().isEmpty()) {
      return "GET";
    }
    var methods = config.loops().get(0).steps().get(0).trigger().methods();
    return methods.isEmpty() ? "GET" : methods.iterator().next();
  }

  /** The URL without its password. */
  static String redacted(String url) {
    return Redaction.redact(url);
  }
}
