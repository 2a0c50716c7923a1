package dev.tollgate.local;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import dev.tollgate.admin.AdminException;
import dev.tollgate.admin.AdminRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /dashboard} (the page) and {@code GET /dashboard/data.json} (its data) on the
 * local stack. Both come from the one report document the stack's {@code AdminFunction} answers
 * to {@code report} (what {@code tollgate report --json} prints), so the page, its JSON and the
 * CLI cannot disagree. {@code ?days=N} as {@code report --days}.
 */
final class DashboardRoute {
  static final String PAGE = "/dashboard";
  static final String DATA = "/dashboard/data.json";
  /** Nothing but the page itself and its inline styles may load. */
  static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
      + "frame-ancestors 'none'";

  private final Function<JsonObject, JsonObject> admin;

  /** A route asking {@code admin} (a request document in, the function's answer out) for the report. */
  DashboardRoute(Function<JsonObject, JsonObject> admin) {
    this.admin = admin;
  }

  /** Whether {@code path} is one of the dashboard's. */
  static boolean matches(String path) {
    return path.equals(PAGE) || path.equals(PAGE + "/") || path.equals(DATA);
  }

  void handle(HttpExchange ex) throws IOException {
    boolean data = ex.getRequestURI().getPath().equals(DATA);
    if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      error(ex, data, 405, "the dashboard answers GET only");
      return;
    }
    String days = HttpExchanges.query(ex.getRequestURI().getRawQuery()).getOrDefault("days", "30");
    AdminRequest request;
    try {
      request = AdminRequest.of(AdminRequest.Action.REPORT, Map.of("days", days));
    } catch (AdminException e) {
      error(ex, data, 400, e.getMessage());
      return;
    }
    JsonObject answer = admin.apply(request.toJson());
    if (!answer.has("ok") || !answer.get("ok").getAsBoolean()) {
      error(ex, data, answer.has("error") && "bad_request".equals(answer.get("error").getAsString()) ? 400 : 500,
          answer.has("message") ? answer.get("message").getAsString() : answer.toString());
      return;
    }
    JsonObject doc = answer.getAsJsonObject("result");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (data) {
      HttpExchanges.json(ex, 200, Json.PRETTY.toJson(doc));
      return;
    }
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    HttpExchanges.send(ex, 200, "text/html; charset=utf-8",
        DashboardPage.render(doc, request.days()).getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange ex, boolean data, int status, String message) throws IOException {
    if (data) {
      JsonObject o = new JsonObject();
      o.addProperty("message", message);
      HttpExchanges.json(ex, status, o.toString());
      return;
    }
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    HttpExchanges.send(ex, status, "text/html; charset=utf-8", ("<!doctype html><html lang=\"en\"><head>"
        + "<meta charset=\"utf-8\"><title>Tollgate dashboard</title></head><body><h1>Tollgate dashboard</h1><p id=\"error\">"
        + Html.escape(message) + "</p></body></html>").getBytes(StandardCharsets.UTF_8));
  }
}
