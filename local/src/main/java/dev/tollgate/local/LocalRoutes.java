package dev.tollgate.local;

import static dev.tollgate.local.LocalStack.UNSUBSCRIBE;
import static dev.tollgate.local.LocalStack.UPGRADE_LINK;
import static dev.tollgate.local.LocalStack.WEBHOOK;
import static dev.tollgate.local.LocalStack.WEBHOOK_PATH;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

/**
 * The local stack's one HTTP port, by path: {@code /health}, the dashboard, the Lambda Invoke
 * API, the webhook, unsubscribe and upgrade-link routes (each as an API Gateway proxy event to
 * its function), and everything else to the API Gateway emulator.
 */
final class LocalRoutes {
  private final LambdaInvokeApi lambda;
  private final Clock clock;
  private final GatewayEmulator gateway;
  private final DashboardRoute dashboard;
  private final String unsubscribePath;
  private final String upgradePath;

  LocalRoutes(LambdaInvokeApi lambda, Clock clock, GatewayEmulator gateway, DashboardRoute dashboard,
      String unsubscribePath, String upgradePath) {
    this.lambda = lambda;
    this.clock = clock;
    this.gateway = gateway;
    this.dashboard = dashboard;
    this.unsubscribePath = unsubscribePath;
    this.upgradePath = upgradePath;
  }

  /** The functions served by the Invoke API. */
  Set<String> functionNames() {
    return Set.copyOf(lambda.names());
  }

  /** Answers {@code ex}; a failure is logged and answered 500. */
  void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/health") && ("GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod()))) {
        HttpExchanges.json(ex, 200, "{\"status\":\"ok\",\"functions\":" + Json.GSON.toJson(lambda.names())
            + "}");
      } else if (DashboardRoute.matches(path)) {
        dashboard.handle(ex);
      } else if (LambdaInvokeApi.matches(path)) {
        lambda.handle(ex);
      } else if (path.equals(WEBHOOK_PATH) && lambda.function(WEBHOOK) != null) {
        proxyTo(ex, WEBHOOK, WEBHOOK_PATH);
      } else if (unsubscribePath != null && lambda.function(UNSUBSCRIBE) != null
          && (path.equals(unsubscribePath) || path.startsWith(unsubscribePath + "/"))) {
        proxyTo(ex, UNSUBSCRIBE, unsubscribePath);
      } else if (upgradePath != null && path.equals(upgradePath) && lambda.function(UPGRADE_LINK) != null) {
        proxyTo(ex, UPGRADE_LINK, upgradePath);
      } else {
        gateway.handle(ex);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("request " + ex.getRequestMethod() + " " + ex.getRequestURI() + " failed: " + e);
      try {
        HttpExchanges.json(ex, 500, "{\"message\": \"Internal server error\"}");
      } catch (IOException | RuntimeException ignored) {
        // the client is gone or the answer was already started
      }
    }
  }

  private void proxyTo(HttpExchange ex, String function, String resource) throws IOException {
    byte[] body = HttpExchanges.body(ex);
    byte[] event = Json.GSON.toJson(ApiGatewayEvents.proxyRequest(ex, body, resource, clock.instant()))
        .getBytes(StandardCharsets.UTF_8);
    ApiGatewayEvents.writeProxyResponse(ex, lambda.invoke(lambda.function(function), event));
  }
}
