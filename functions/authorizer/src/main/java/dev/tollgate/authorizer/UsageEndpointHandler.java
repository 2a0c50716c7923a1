package dev.tollgate.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.usage.Gate;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageReader;
import dev.tollgate.usage.UsageReport;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /usage}: what the caller's account has used and has left, behind the usage
 * authorizer, which identifies the caller with the API's own credentials and allows this
 * resource without counting it. The caller is read from the authorizer's context
 * ({@code userId}, {@code accountId}); the answer is {@link UsageReport}'s JSON, read in one
 * Redis round trip that writes nothing. In the authorizer's jar: no Stripe classes.
 */
public final class UsageEndpointHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  /** The API resource of this route; the authorizer never counts a call to it. */
  public static final String RESOURCE = "/usage";
  private static final Logger LOG = Logger.getLogger(UsageEndpointHandler.class.getName());

  private final GatingConfig config;
  private final UsageReader reader;
  private final List<Gate> gates;
  private final Clock clock;

  /** Lambda's constructor: config and Redis ({@code REDIS_URL}, {@code REDIS_AUTH}) from the environment, once per container. */
  public UsageEndpointHandler() {
    this(ConfigLoader.fromEnvironment(System.getenv()), System.getenv());
  }

  private UsageEndpointHandler(GatingConfig config, Map<String, String> env) {
    this(config, RedisUsageStore.forConfig(RedisConnector.fromEnvironment(env, config.redis()), config),
        Clock.systemUTC());
  }

  /** For tests and the local stack: the config, the reader and the clock. */
  public UsageEndpointHandler(GatingConfig config, UsageReader reader, Clock clock) {
    this.config = config;
    this.reader = reader;
    this.gates = UsageGate.compile(config);
    this.clock = clock;
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
    Map<String, Object> auth = event.getRequestContext() == null ? null : event.getRequestContext().getAuthorizer();
    Object user = auth == null ? null : auth.get("userId");
    Object account = auth == null ? null : auth.get("accountId");
    if (user == null || account == null) {
      return unauthorized();
    }
    UserId userId;
    AccountId accountId;
    try {
      userId = UserId.of(String.valueOf(user));
      accountId = AccountId.parse(String.valueOf(account));
    } catch (IllegalArgumentException e) {
      return unauthorized();
    }
    var now = clock.instant();
    try {
      String body = UsageReport.of(config, accountId, userId, reader.read(accountId, userId, gates, now)).toString();
      return answer(200, body);
    } catch (UsageStoreUnavailableException e) {
      LOG.log(Level.WARNING, () -> "503: usage unavailable: " + e.getMessage());
      return answer(503, "{\"error\":\"unavailable\",\"message\":\"Usage temporarily unavailable, retry shortly\"}")
          .withHeaders(Map.of("Content-Type", "application/json", "Retry-After", "5"));
    }
  }

  /** Only reachable around the gateway: the authorizer sets both ids on every Allow. */
  private static APIGatewayProxyResponseEvent unauthorized() {
    return answer(401, "{\"error\":\"unauthorized\",\"message\":\"Missing or invalid credentials\"}")
        .withHeaders(Map.of("Content-Type", "application/json", "WWW-Authenticate", "Bearer"));
  }

  private static APIGatewayProxyResponseEvent answer(int status, String body) {
    return new APIGatewayProxyResponseEvent().withStatusCode(status).withBody(body)
        .withHeaders(Map.of("Content-Type", "application/json", "Cache-Control", "no-store"));
  }
}
