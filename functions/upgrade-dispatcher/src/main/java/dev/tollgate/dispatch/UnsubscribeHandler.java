package dev.tollgate.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.email.EmailProfiles;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.identity.UserId;
import java.time.Clock;
import java.util.Map;

/**
 * The signed unsubscribe link ({@code ?u=<userId>&s=<sig>}, no usage authorizer in front). Only
 * the RFC 8058 one-click POST (body {@code List-Unsubscribe=One-Click}, form-urlencoded or
 * multipart) records the suppression ({@code {u:ID}:e unsub}) and answers 200. A GET changes
 * nothing (mail scanners and link previews fetch every link): it answers a page whose button
 * makes that POST. A missing or tampered signature is 400, as is a POST without the one-click
 * body; other methods are 405.
 */
public final class UnsubscribeHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final String HTML = "text/html; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final EmailProfiles profiles;
  private final UnsubscribeLinks links;
  private final Clock clock;

  /** Lambda's constructor: reads REDIS_URL, REDIS_AUTH, UNSUBSCRIBE_SECRET and TOLLGATE_CONFIG once per container. */
  public UnsubscribeHandler() {
    this(DispatchWiring.fromEnvironment(System.getenv()));
  }

  private UnsubscribeHandler(DispatchWiring wiring) {
    this(wiring.profiles(), wiring.links(), Clock.systemUTC());
  }

  /** A handler recording suppressions in {@code profiles}, checking links with {@code links}. */
  public UnsubscribeHandler(EmailProfiles profiles, UnsubscribeLinks links, Clock clock) {
    this.profiles = profiles;
    this.links = links;
    this.clock = clock;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
    String method = request.getHttpMethod() == null ? "" : request.getHttpMethod();
    if (!method.equals("GET") && !method.equals("POST")) {
      return answer(405, TEXT, "Use GET or POST on the unsubscribe link.").withHeaders(Map.of("Content-Type", TEXT,
          "Cache-Control", "no-store", "Allow", "GET, POST"));
    }
    Map<String, String> q = request.getQueryStringParameters() == null ? Map.of() : request.getQueryStringParameters();
    String user = q.get(UnsubscribeLinks.USER_PARAM);
    String sig = q.get(UnsubscribeLinks.SIG_PARAM);
    if (!UserId.isValid(user) || !links.verify(user, sig)) {
      log(context, "unsubscribe refused: missing or invalid signature");
      return answer(400, TEXT, "This unsubscribe link is invalid or incomplete.");
    }
    if (method.equals("GET")) {
      return answer(200, HTML, UnsubscribePage.confirm(user, sig));
    }
    boolean base64 = Boolean.TRUE.equals(request.getIsBase64Encoded());
    if (!OneClickBody.isOneClick(header(request, "Content-Type"), request.getBody(), base64)) {
      log(context, "unsubscribe refused: a POST without the one-click body");
      return answer(400, TEXT, "An unsubscribe POST must carry the one-click body " + OneClickBody.KEY + "="
          + OneClickBody.VALUE + " (RFC 8058); open the link in a browser to unsubscribe.");
    }
    profiles.unsubscribe(user, clock.instant());
    return answer(200, HTML, UnsubscribePage.done(user));
  }

  /** A request header, whatever its case (API Gateway keeps the client's). */
  private static String header(APIGatewayProxyRequestEvent request, String name) {
    if (request.getHeaders() != null) {
      for (Map.Entry<String, String> h : request.getHeaders().entrySet()) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue();
        }
      }
    }
    return null;
  }

  private static void log(Context context, String line) {
    if (context != null) {
      context.getLogger().log(line);
    }
  }

  private static APIGatewayProxyResponseEvent answer(int status, String type, String body) {
    return new APIGatewayProxyResponseEvent().withStatusCode(status)
        .withHeaders(Map.of("Content-Type", type, "Cache-Control", "no-store")).withBody(body);
  }
}
