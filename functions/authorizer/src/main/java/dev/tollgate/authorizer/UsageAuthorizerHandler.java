package dev.tollgate.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import dev.tollgate.identity.Authenticator;
import dev.tollgate.identity.Caller;
import dev.tollgate.identity.IdentityUnavailableException;
import dev.tollgate.identity.InvalidCredentialsException;
import dev.tollgate.identity.RequestHeaders;
import dev.tollgate.usage.GateDecision;
import dev.tollgate.metrics.Emf;
import dev.tollgate.usage.UsageGate;
import java.time.Clock;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API Gateway (REST) REQUEST authorizer: identifies the caller, counts the call in
 * Redis in one round trip, and answers Allow, or Deny (the API's 402 upgrade message).
 * Bad credentials throw {@code Unauthorized} (401); with {@code failMode: closed} and Redis
 * down it fails, which API Gateway answers with its {@code AUTHORIZER_FAILURE} response (503).
 */
public final class UsageAuthorizerHandler implements RequestHandler<AuthorizerRequestEvent, IamPolicyResponseV1> {
  private static final Logger LOG = Logger.getLogger(UsageAuthorizerHandler.class.getName());

  private final Authenticator authenticator;
  private final UsageGate gate;
  private final Clock clock;
  /** Strong reference to the SnapStart priming hook (CRaC only holds it weakly). */
  private org.crac.Resource priming;

  /** Lambda's constructor: reads the environment and builds the container's clients once. */
  public UsageAuthorizerHandler() {
    this(AuthorizerWiring.fromEnvironment(System.getenv()));
  }

  private UsageAuthorizerHandler(AuthorizerWiring wiring) {
    this(wiring.authenticator(), wiring.gate(), Clock.systemUTC());
    this.priming = wiring.registerPriming(this);
  }

  /** For tests and the local stack: explicit ports and clock. */
  public UsageAuthorizerHandler(Authenticator authenticator, UsageGate gate, Clock clock) {
    this.authenticator = authenticator;
    this.gate = gate;
    this.clock = clock;
  }

  @Override
  public IamPolicyResponseV1 handleRequest(AuthorizerRequestEvent event, Context context) {
    var now = clock.instant();
    RequestHeaders headers = event.requestHeaders();
    Caller caller;
    try {
      caller = authenticator.authenticate(headers, now);
    } catch (InvalidCredentialsException e) {
      LOG.log(Level.INFO, () -> "401: " + e.getMessage());
      throw new UnauthorizedException();
    } catch (IdentityUnavailableException e) {
      // an unknown API key cannot be checked: never let an unidentified caller through
      LOG.log(Level.WARNING, () -> "503: " + e.getMessage());
      throw new GateUnavailableException();
    }
    GateDecision d = gate.decide(caller, event.gateRequest(headers), now);
    if (d.verdict() == GateDecision.Verdict.FAIL_CLOSED) {
      System.out.println(Emf.counts(now, Map.of("Function", "AuthorizerFunction"), Map.of("AuthorizerFailClosed", 1)));
      throw new GateUnavailableException();
    }
    if (d.verdict() == GateDecision.Verdict.FAIL_OPEN) {
      System.out.println(Emf.counts(now, Map.of("Function", "AuthorizerFunction"), Map.of("AuthorizerFailOpen", 1)));
    }
    return PolicyBuilder.build(caller, d, event.getMethodArn());
  }

  /** API Gateway maps exactly the message {@code Unauthorized} to a 401. */
  public static final class UnauthorizedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnauthorizedException() {
      super("Unauthorized", null, false, false);
    }
  }

  /**
   * Redis could not answer and the fail mode is closed (or an API key could not be looked
   * up): API Gateway answers with its AUTHORIZER_FAILURE response (503 in template.yaml).
   */
  public static final class GateUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GateUnavailableException() {
      super("Usage gate unavailable (failMode: closed)", null, false, false);
    }
  }
}
