package dev.tollgate.authorizer;

import dev.tollgate.identity.Caller;
import dev.tollgate.identity.InvalidCredentialsException;
import dev.tollgate.identity.RequestHeaders;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.usage.GateDecision;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, load the decision script into Redis and run the
 * whole path once (auth refusal, matching, a read-only decision, policy building) so the
 * restored container's first request finds its classes loaded and JIT-warm; then drop
 * pooled connections, which would be dead after restore.
 */
final class SnapStartPriming implements Resource {
  private static final Logger LOG = Logger.getLogger(SnapStartPriming.class.getName());
  private static final String PRIME_USER = "__tollgate_prime__";

  private final AuthorizerWiring wiring;
  private final UsageAuthorizerHandler handler;

  SnapStartPriming(AuthorizerWiring wiring, UsageAuthorizerHandler handler) {
    this.wiring = wiring;
    this.handler = handler;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    try {
      prime();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "SnapStart priming incomplete (the snapshot is still usable)", e);
    }
    RedisConnector.dropPooledConnections(wiring.redis());
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing to do: connections are made on first use
  }

  void prime() {
    wiring.store().preload(wiring.config());
    try {
      wiring.store().peek(PRIME_USER, UsageGate.compile(wiring.config()), Instant.now());
    } catch (UsageStoreUnavailableException e) {
      LOG.log(Level.INFO, "priming without Redis: " + e.getMessage());
    }
    try {
      wiring.authenticator().authenticate(RequestHeaders.of(Map.of("Authorization", "Bearer x.y.z")), Instant.now());
    } catch (InvalidCredentialsException expected) {
      // refusal path warmed
    }
    AuthorizerRequestEvent ev = new AuthorizerRequestEvent();
    ev.setHeaders(Map.of());
    try {
      handler.handleRequest(ev, null);
    } catch (UsageAuthorizerHandler.UnauthorizedException expected) {
      // 401 path warmed
    }
    UsageGate gate = wiring.gate();
    ev.setHttpMethod("GET");
    ev.setResource("/{proxy+}");
    ev.setPathParameters(Map.of("proxy", "prime"));
    GateDecision ungated = gate.decide(new Caller(PRIME_USER, null), ev.gateRequest(ev.requestHeaders()), Instant.now());
    PolicyBuilder.build(new Caller(PRIME_USER, null), ungated, "arn:aws:execute-api:us-east-1:0:prime/prod/GET/");
  }
}
