package dev.tollgate.authorizer;

import dev.tollgate.identity.Caller;
import dev.tollgate.identity.InvalidCredentialsException;
import dev.tollgate.identity.RequestHeaders;
import dev.tollgate.redis.RedisConnector;
import dev.tollgate.secrets.ParametersSecretsExtension;
import dev.tollgate.usage.GateDecision;
import dev.tollgate.usage.UsageGate;
import dev.tollgate.usage.UsageStoreUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.crac.Context;
import org.crac.Resource;

/**
 * SnapStart priming: before the snapshot, load the decision script into Redis and run the
 * whole path once (auth refusal, matching, a read-only decision, policy building) so the
 * restored container's first request finds its classes loaded and JIT-warm; then drop
 * pooled connections, which would be dead after restore. When the parts wait for the secret
 * store (which does not answer before the snapshot), the same code is warmed on throwaway
 * parts that read no secret and reach no Redis.
 */
final class SnapStartPriming implements Resource {
  private static final Logger LOG = Logger.getLogger(SnapStartPriming.class.getName());
  private static final String PRIME_USER = "__tollgate_prime__";

  private final LiveWiring live;
  private final UsageAuthorizerHandler handler;

  SnapStartPriming(LiveWiring live, UsageAuthorizerHandler handler) {
    this.live = live;
    this.handler = handler;
  }

  /**
   * Registers priming for {@code handler} (a no-op outside a CRaC runtime) and returns it: CRaC
   * holds resources weakly, so the caller must keep the reference.
   */
  static Resource register(LiveWiring live, UsageAuthorizerHandler handler) {
    SnapStartPriming priming = new SnapStartPriming(live, handler);
    org.crac.Core.getGlobalContext().register(priming);
    return priming;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    try {
      prime();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "SnapStart priming incomplete (the snapshot is still usable)", e);
    }
    live.built().ifPresent(w -> RedisConnector.dropPooledConnections(w.redis()));
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing to do: connections (and, from a secret store, the parts) are made on first use
  }

  void prime() {
    if (live.secrets().remote()) {
      ParametersSecretsExtension.warmUp();
    }
    Optional<AuthorizerWiring> real = live.built();
    AuthorizerWiring w = real.orElseGet(live::primingParts);
    try {
      primeWith(w, real.isPresent() ? handler : new UsageAuthorizerHandler(w.authenticator(), w.gate(), () -> "",
          Clock.systemUTC(), w.metrics()));
    } finally {
      if (real.isEmpty()) {
        w.redis().close();
      }
    }
  }

  private static void primeWith(AuthorizerWiring w, UsageAuthorizerHandler h) {
    try {
      w.store().preload(w.config());
      w.store().peek(PRIME_USER, UsageGate.compile(w.config()), Instant.now());
    } catch (UsageStoreUnavailableException | RuntimeException e) {
      LOG.log(Level.INFO, "priming without Redis: " + e.getMessage());
    }
    try {
      w.authenticator().authenticate(RequestHeaders.of(Map.of("Authorization", "Bearer x.y.z")), Instant.now());
    } catch (InvalidCredentialsException expected) {
      // refusal path warmed
    }
    AuthorizerRequestEvent ev = new AuthorizerRequestEvent();
    ev.setHeaders(Map.of());
    try {
      h.handleRequest(ev, null);
    } catch (UsageAuthorizerHandler.UnauthorizedException expected) {
      // 401 path warmed
    }
    UsageGate gate = w.gate();
    ev.setHttpMethod("GET");
    ev.setResource("/{proxy+}");
    ev.setPathParameters(Map.of("proxy", "prime"));
    GateDecision ungated = gate.decide(new Caller(PRIME_USER, null), ev.gateRequest(ev.requestHeaders()), Instant.now());
    PolicyBuilder.build(new Caller(PRIME_USER, null), ungated, "arn:aws:execute-api:us-east-1:0:prime/prod/GET/", "",
        Instant.EPOCH);
  }
}
