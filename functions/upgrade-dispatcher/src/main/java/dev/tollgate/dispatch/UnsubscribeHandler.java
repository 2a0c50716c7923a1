package dev.tollgate.dispatch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.email.EmailProfiles;
import dev.tollgate.email.EmailRenderer;
import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisEmailProfiles;
import java.time.Clock;
import java.util.Map;

/**
 * The signed unsubscribe link ({@code ?u=<userId>&s=<sig>}, no usage authorizer in front):
 * the RFC 8058 one-click POST answers 200, a GET answers a small confirmation page; both
 * record the suppression ({@code {u:ID}:e unsub}). A missing or tampered signature is 400.
 */
public final class UnsubscribeHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private final EmailProfiles profiles;
  private final UnsubscribeLinks links;
  private final Clock clock;

  /** Reads REDIS_URL, REDIS_AUTH, UNSUBSCRIBE_SECRET and TOLLGATE_CONFIG. */
  public UnsubscribeHandler() {
    this(new DispatchEnvironment(System.getenv()));
  }

  UnsubscribeHandler(DispatchEnvironment env) {
    this(new RedisEmailProfiles(env.redis, env.config.stripe().attributionWindow()), env.links, Clock.systemUTC());
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
      return answer(405, "text/plain", "Use GET or POST on the unsubscribe link.");
    }
    Map<String, String> q = request.getQueryStringParameters() == null ? Map.of() : request.getQueryStringParameters();
    String user = q.get(UnsubscribeLinks.USER_PARAM);
    if (!Keys.checkUserId(user) || !links.verify(user, q.get(UnsubscribeLinks.SIG_PARAM))) {
      if (context != null) {
        context.getLogger().log("unsubscribe refused: missing or invalid signature");
      }
      return answer(400, "text/plain", "This unsubscribe link is invalid or incomplete.");
    }
    profiles.unsubscribe(user, clock.instant());
    if (method.equals("POST")) {
      return answer(200, "text/plain", "Unsubscribed.");
    }
    return answer(200, "text/html; charset=utf-8", "<!doctype html><html><head><meta charset=\"utf-8\">"
        + "<title>Unsubscribed</title></head><body><h1>You're unsubscribed</h1><p>We won't send upgrade emails to "
        + EmailRenderer.escapeHtml(user) + " any more.</p></body></html>");
  }

  private static APIGatewayProxyResponseEvent answer(int status, String type, String body) {
    return new APIGatewayProxyResponseEvent().withStatusCode(status)
        .withHeaders(Map.of("Content-Type", type, "Cache-Control", "no-store")).withBody(body);
  }
}
