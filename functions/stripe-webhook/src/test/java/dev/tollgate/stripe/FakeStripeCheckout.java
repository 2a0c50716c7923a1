package dev.tollgate.stripe;

import com.stripe.StripeClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local Stripe speaking its wire format for {@code POST /v1/checkout/sessions} and
 * {@code POST /v1/billing_portal/sessions}: form-encoded bodies, a {@code checkout.session} or
 * {@code billing_portal.session} JSON answer with its {@code url}, and Stripe's error JSON with
 * its statuses: 401 without a secret key, 400 for a missing {@code mode}/{@code line_items}/
 * {@code customer}, or for both {@code customer} and {@code customer_email} (as Stripe refuses
 * them together), 500 while {@link #failWith500} is on.
 */
final class FakeStripeCheckout implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile boolean failing;

  /** One request Stripe received: its path and decoded form. */
  record Recorded(String path, Map<String, String> form) {}

  FakeStripeCheckout() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return answer(r);
      }
    });
    server.start();
  }

  /** The API base URL stripe-java is given. */
  String base() {
    return server.url("/").toString().replaceAll("/$", "");
  }

  /** A stripe-java client pointed at this fake (no network retries of its own). */
  StripeClient client() {
    return StripeClient.builder().setApiKey("sk_test_local").setApiBase(base()).setMaxNetworkRetries(0).build();
  }

  /** Every request, in order. */
  List<Recorded> requests() {
    return requests;
  }

  /** Answer 500 (Stripe's {@code api_error}) to everything from now on, or stop doing so. */
  void failWith500(boolean on) {
    failing = on;
  }

  private MockResponse answer(RecordedRequest r) {
    String auth = r.getHeaders().get("Authorization");
    if (auth == null || !auth.startsWith("Bearer sk_")) {
      return error(401, "invalid_request_error", null, "You did not provide an API key.");
    }
    Map<String, String> f = FakeStripeMeters.form(r.getBody() == null ? "" : r.getBody().utf8());
    requests.add(new Recorded(r.getTarget(), f));
    if (failing) {
      return error(500, "api_error", null, "An unknown error occurred");
    }
    int n = sessions.incrementAndGet();
    if ("POST".equals(r.getMethod()) && r.getTarget().equals("/v1/checkout/sessions")) {
      for (String p : List.of("mode", "line_items[0][price]")) {
        if (!f.containsKey(p)) {
          return error(400, "invalid_request_error", p, "Missing required param: " + p + ".");
        }
      }
      if (f.containsKey("customer") && f.containsKey("customer_email")) {
        return error(400, "invalid_request_error", "customer_email",
            "You may only specify one of these parameters: customer, customer_email.");
      }
      String id = "cs_test_local" + n;
      return ok("{\"id\":\"" + id + "\",\"object\":\"checkout.session\",\"mode\":\"" + f.get("mode") + "\","
          + "\"status\":\"open\",\"livemode\":false,\"url\":\"https://checkout.stripe.com/c/pay/" + id + "\"}");
    }
    if ("POST".equals(r.getMethod()) && r.getTarget().equals("/v1/billing_portal/sessions")) {
      if (!f.containsKey("customer")) {
        return error(400, "invalid_request_error", "customer", "Missing required param: customer.");
      }
      String id = "bps_local" + n;
      return ok("{\"id\":\"" + id + "\",\"object\":\"billing_portal.session\",\"customer\":\"" + f.get("customer")
          + "\",\"livemode\":false,\"return_url\":\"" + f.getOrDefault("return_url", "") + "\","
          + "\"url\":\"https://billing.stripe.com/p/session/" + id + "\"}");
    }
    return error(404, "invalid_request_error", null, "Unrecognized request URL (" + r.getMethod() + ": "
        + r.getTarget() + ").");
  }

  private static MockResponse ok(String json) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .addHeader("Request-Id", "req_local").body(json).build();
  }

  private static MockResponse error(int status, String type, String param, String message) {
    String json = "{\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message.replace("\"", "\\\"") + "\""
        + (param == null ? "" : ",\"param\":\"" + param + "\"") + "}}";
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
        .addHeader("Request-Id", "req_local").addHeader("Stripe-Should-Retry", status >= 500 ? "true" : "false")
        .body(json).build();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
