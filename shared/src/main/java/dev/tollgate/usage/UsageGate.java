package dev.tollgate.usage;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.Caller;
import dev.tollgate.plan.UpgradeUrl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gating decision for one authenticated request: match it against the loops, check
 * and count it in one store round trip, apply the fail mode, and report first crossings.
 */
public final class UsageGate {
  private static final Logger LOG = Logger.getLogger(UsageGate.class.getName());

  private final GatingConfig config;
  private final EndpointMatcher matcher;
  private final UsageStore store;
  private final LimitEvents events;

  /** A gate over {@code config}'s loops, counting in {@code store}, reporting to {@code events}. */
  public UsageGate(GatingConfig config, UsageStore store, LimitEvents events) {
    this.config = config;
    this.store = store;
    this.events = events;
    this.matcher = new EndpointMatcher(compile(config));
  }

  /** Every step of every loop, compiled in config order. */
  public static List<Gate> compile(GatingConfig config) {
    List<String> plans = new ArrayList<>(config.plans().keySet());
    List<Gate> gates = new ArrayList<>();
    for (GatingConfig.Loop loop : config.loops()) {
      for (GatingConfig.Step step : loop.steps()) {
        gates.add(Gate.of(step, plans));
      }
    }
    return gates;
  }

  /** The matcher (for tools that show which gates a path falls under). */
  public EndpointMatcher matcher() {
    return matcher;
  }

  /**
   * Decides a {@code method} request known only by its {@code path} ({@code contextPath} and
   * {@code stage} as API Gateway gives them, either may be null) by {@code caller} at
   * {@code now}; for tools and tests: the authorizer matches on the route
   * ({@link #decide(Caller, GateRequest, Instant)}).
   */
  public GateDecision decide(Caller caller, String method, String path, String contextPath, String stage,
      Instant now) {
    return decide(caller, new GateRequest(method, RequestPath.candidates(path, contextPath, stage), false), now);
  }

  /** Decides {@code request} by {@code caller} at {@code now}. */
  public GateDecision decide(Caller caller, GateRequest request, Instant now) {
    List<Gate> gates = matcher.match(request);
    if (gates.isEmpty()) {
      return new GateDecision(GateDecision.Verdict.UNGATED, null, null, null, null);
    }
    UsageOutcome outcome;
    try {
      outcome = store.consume(caller.userId(), gates, now);
    } catch (UsageStoreUnavailableException e) {
      GateDecision.Verdict v = config.failMode() == GatingConfig.FailMode.OPEN ? GateDecision.Verdict.FAIL_OPEN
          : GateDecision.Verdict.FAIL_CLOSED;
      LOG.log(Level.WARNING, () -> "usage store unavailable, failMode=" + config.failMode() + ": " + e.getMessage());
      return new GateDecision(v, null, null, null, null);
    }
    report(caller, outcome, now);
    GateResult decisive = decisive(outcome);
    if (outcome.allowed()) {
      return new GateDecision(GateDecision.Verdict.ALLOWED, outcome.plan(), decisive, null, null);
    }
    return new GateDecision(GateDecision.Verdict.DENIED, outcome.plan(), decisive,
        decisive.gate().step().action().message(), upgradeUrl(caller));
  }

  /** The upgrade link of {@code email.upgradeUrl} for {@code caller} (empty when not configured). */
  public String upgradeUrl(Caller caller) {
    return config.email().map(e -> render(e.upgradeUrl(), caller)).orElse("");
  }

  private static String render(String template, Caller caller) {
    return UpgradeUrl.render(template, caller.userId(), Map.of("email", caller.email() == null ? "" : caller.email()));
  }

  private static GateResult decisive(UsageOutcome outcome) {
    GateResult best = null;
    for (GateResult r : outcome.gates()) {
      if (!outcome.allowed()) {
        if (!r.allowed()) {
          return r;
        }
      } else if (best == null || r.remaining() < best.remaining()) {
        best = r;
      }
    }
    return best;
  }

  private void report(Caller caller, UsageOutcome outcome, Instant now) {
    for (GateResult r : outcome.gates()) {
      if (!r.firstDenial() && !r.warnCrossed()) {
        continue;
      }
      LimitReached e = new LimitReached(caller.userId(), caller.email(), r.gate().loop(), r.gate().gateId(),
          outcome.plan(), r.used(), r.limit(), r.windowStart(), r.resetAt(), now);
      try {
        if (r.firstDenial()) {
          events.limitReached(e);
        } else {
          events.warningReached(e);
        }
      } catch (RuntimeException ex) {
        // the decision stands; a lost event is logged, never turned into a wrong answer
        LOG.log(Level.WARNING, "could not record limit event for loop " + r.gate().loop(), ex);
      }
    }
  }
}
