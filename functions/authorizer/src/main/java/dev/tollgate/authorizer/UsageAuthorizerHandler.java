package dev.tollgate.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.identity.Authenticator;
import dev.tollgate.identity.Caller;
import dev.tollgate.identity.IdentityUnavailableException;
import dev.tollgate.identity.InvalidCredentialsException;
import dev.tollgate.identity.RequestHeaders;
import dev.tollgate.metrics.Emf;
import dev.tollgate.usage.GateDecision;
import dev.tollgate.usage.UsageGate;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API Gateway (REST) REQUEST authorizer: identifies the caller, counts the call in
 * Redis in one round trip, and answers Allow (with the context the gateway forwards to the
 * backend), or Deny (the API's 402 upgrade message). {@code GET /usage} (the resource
 * {@link UsageEndpointHandler#RESOURCE}) is authenticated and allowed, never counted. Bad credentials throw
 * {@code Unauthorized} (401). Anything else it cannot do — Redis down with
 * {@code failMode: closed}, an API key that cannot be looked up, a secret or endpoint it cannot
 * read — throws, which API Gateway answers with {@code AUTHORIZER_CONFIGURATION_ERROR} (503 in
 * template.yaml), before anything is counted.
 */
public final class UsageAuthorizerHandler implements RequestHandler<AuthorizerRequestEvent, IamPolicyResponseV1> {
  private static final Logger LOG = Logger.getLogger(UsageAuthorizerHandler.class.getName());

  /** What a decision needs; built per container, or per Redis endpoint in Lambda; EMF lines go to {@code metrics}. */
  private record Parts(Authenticator authenticator, UsageGate gate, Consumer<String> metrics) {}

  private final Supplier<Parts> parts;
  private final Supplier<String> gatewaySecret;
  private final Clock clock;
  /** Strong reference to the SnapStart priming hook (CRaC only holds it weakly). */
  private org.crac.Resource priming;

  /** Lambda's constructor: reads the environment and builds the container's clients once. */
  public UsageAuthorizerHandler() {
    this(AuthorizerWiring.fromEnvironment(System.getenv()));
  }

  UsageAuthorizerHandler(LiveWiring live) {
    this(() -> {
      AuthorizerWiring w = live.current();
      return new Parts(w.authenticator(), w.gate(), w.metrics());
    }, () -> live.secrets().get(ForwardedContext.GATEWAY_SECRET_ENV), Clock.systemUTC());
    this.priming = SnapStartPriming.register(live, this);
  }

  /** For tests: explicit ports and clock, no gateway secret, EMF lines to stdout. */
  public UsageAuthorizerHandler(Authenticator authenticator, UsageGate gate, Clock clock) {
    this(authenticator, gate, () -> null, clock, System.out::println);
  }

  /**
   * Explicit ports and clock, forwarding {@code gatewaySecret}'s value on Allow, writing its
   * CloudWatch EMF lines (AuthorizerFailOpen, AuthorizerFailClosed) to {@code metrics}.
   */
  public UsageAuthorizerHandler(Authenticator authenticator, UsageGate gate, Supplier<String> gatewaySecret, Clock clock,
      Consumer<String> metrics) {
    this(() -> new Parts(authenticator, gate, metrics), gatewaySecret, clock);
  }

  private UsageAuthorizerHandler(Supplier<Parts> parts, Supplier<String> gatewaySecret, Clock clock) {
    this.parts = parts;
    this.gatewaySecret = gatewaySecret;
    this.clock = clock;
  }

  @Override
  public IamPolicyResponseV1 handleRequest(AuthorizerRequestEvent event, Context context) {
    var now = clock.instant();
    Parts p = unlessFailing(parts, "the authorizer's Redis endpoint or secrets cannot be read");
    RequestHeaders headers = event.requestHeaders();
    Caller caller;
    try {
      caller = p.authenticator().authenticate(headers, now);
    } catch (InvalidCredentialsException e) {
      LOG.log(Level.INFO, () -> "401: " + e.getMessage());
      throw new UnauthorizedException();
    } catch (IdentityUnavailableException e) {
      // an unknown API key cannot be checked, or the JWT secret cannot be read: never let an
      // unidentified caller through
      LOG.log(Level.WARNING, () -> "503: " + e.getMessage());
      throw new GateUnavailableException("identity unavailable");
    }
    // read before deciding: once the call is counted, nothing may fail it
    String secret = unlessFailing(gatewaySecret, "the gateway secret cannot be read");
    // GET /usage is identified like any call and never counted: no loop glob (not even /**) matches it
    GateDecision d = UsageEndpointHandler.RESOURCE.equals(event.getResource())
        ? GateDecision.ungated(caller.account())
        : p.gate().decide(caller, event.gateRequest(headers), now);
    if (d.verdict() == GateDecision.Verdict.FAIL_CLOSED) {
      p.metrics().accept(Emf.counts(now, Map.of("Function", "AuthorizerFunction"), Map.of("AuthorizerFailClosed", 1)));
      throw new GateUnavailableException("Usage gate unavailable (failMode: closed)");
    }
    if (d.verdict() == GateDecision.Verdict.FAIL_OPEN) {
      p.metrics().accept(Emf.counts(now, Map.of("Function", "AuthorizerFunction"), Map.of("AuthorizerFailOpen", 1)));
    }
    return PolicyBuilder.build(caller, d, event.getMethodArn(), secret, now);
  }

  /** {@code s.get()}, or a 503 (logged with why) when it fails. */
  private static <T> T unlessFailing(Supplier<T> s, String what) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "503: " + what + ": " + e.getMessage());
      throw new GateUnavailableException(what);
    }
  }

  /** API Gateway maps exactly the message {@code Unauthorized} to a 401. */
  public static final class UnauthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnauthorizedException() {
      super("Unauthorized", null, false, false);
    }
  }

  /**
   * The gate cannot decide (Redis down with fail mode closed, an API key that cannot be looked
   * up, the secrets unreadable): API Gateway answers AUTHORIZER_CONFIGURATION_ERROR (503 in
   * template.yaml).
   */
  public static final class GateUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GateUnavailableException(String why) {
      super(why, null, false, false);
    }
  }
}
