package dev.tollgate.usage;

import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.experiment.Assignment;
import dev.tollgate.experiment.Experiments;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.Caller;
import dev.tollgate.plan.UpgradeUrl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gating decision for one authenticated request: match it against the loops, check
 * and count it in the caller's account in one store round trip, apply the fail mode, and
 * make sure the scheduled function sees the follow-up work (first denials, thresholds,
 * overage) the decision left in the account.
 */
public final class UsageGate {
  private static final Logger LOG = Logger.getLogger(UsageGate.class.getName());

  private final GatingConfig config;
  private final EndpointMatcher matcher;
  private final UsageStore store;
  private final PendingIndex pending;
  private final Duration budget;
  private final Clock wallClock;
  private final Experiments experiments;
  private final UpgradeLinks upgradeLinks;

  /** A gate over {@code config}'s loops, counting in {@code store}, indexing pending work in {@code pending}. */
  public UsageGate(GatingConfig config, UsageStore store, PendingIndex pending) {
    this(config, store, pending, Clock.systemUTC());
  }

  /**
   * As above; {@code wallClock} sets each call's deadline. It is the real clock in production
   * (Redis compares the deadline with its own), separate from the decision time callers pass,
   * which tests fix.
   */
  public UsageGate(GatingConfig config, UsageStore store, PendingIndex pending, Clock wallClock) {
    this(config, store, pending, wallClock, null);
  }

  /**
   * As above; with {@code upgradeLinks} (for a config with {@code checkout}) the 402's upgrade
   * link is the account's signed link instead of {@code email.upgradeUrl}.
   */
  public UsageGate(GatingConfig config, UsageStore store, PendingIndex pending, Clock wallClock,
      UpgradeLinks upgradeLinks) {
    this.upgradeLinks = upgradeLinks;
    this.config = config;
    this.store = store;
    this.pending = pending;
    this.wallClock = wallClock;
    this.matcher = new EndpointMatcher(compile(config));
    this.experiments = new Experiments(config);
    this.budget = budget(config.redis().commandTimeout());
  }

  /**
   * How long after the request's start the store may still count it: the command timeout less
   * a margin for the reply's way back (a fifth, at most 50 ms). After that the caller has
   * answered by the fail mode, so a decision that runs later (a frozen server resuming) must
   * count nothing.
   */
  static Duration budget(Duration commandTimeout) {
    long ms = commandTimeout.toMillis();
    return Duration.ofMillis(ms - Math.min(50, ms / 5));
  }

  /** Every step of every loop, compiled in config order. */
  public static List<Gate> compile(GatingConfig config) {
    List<Gate> gates = new ArrayList<>();
    for (GatingConfig.Loop loop : config.loops()) {
      for (GatingConfig.Step step : loop.steps()) {
        gates.add(GateCompiler.compile(step, config));
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
    AccountId account = caller.account();
    if (gates.isEmpty()) {
      return GateDecision.ungated(account);
    }
    // the arms go with the call, so the first denial's follow-up (exposure, email template) knows them
    List<Assignment> arms = experiments.assignments(account.value(), gates, Gate::loop);
    UsageOutcome outcome;
    try {
      outcome = store.consume(new UsageCall(account, caller.user(), gates, now, wallClock.instant().plus(budget),
          new EventMeta(caller.email(), Experiments.encode(arms)).encode()));
    } catch (UsageStoreUnavailableException e) {
      GateDecision.Verdict v = config.failMode() == GatingConfig.FailMode.OPEN ? GateDecision.Verdict.FAIL_OPEN
          : GateDecision.Verdict.FAIL_CLOSED;
      LOG.log(Level.WARNING, () -> "usage store unavailable, failMode=" + config.failMode() + ": " + e.getMessage());
      return new GateDecision(v, null, null, null, null, account, null);
    }
    if (outcome.pendingSince() > 0) {
      try {
        pending.index(account, outcome.pendingSince());
      } catch (RuntimeException ex) {
        // the work stays in the account's slot and is indexed again by its next call (or the sweep)
        LOG.log(Level.WARNING, "could not index pending follow-up work of an account", ex);
      }
    }
    GateResult decisive = decisive(outcome);
    if (outcome.allowed()) {
      return new GateDecision(GateDecision.Verdict.ALLOWED, outcome.plan(), decisive, null, null, account, outcome);
    }
    String message = decisive.gate().step() == null ? "" : decisive.gate().step().action().message();
    String upgradeUrl = null;
    for (Assignment a : arms) {
      if (a.loop().equals(decisive.gate().loop())) {
        message = a.arm().message().orElse(message);
        upgradeUrl = a.arm().upgradeUrl().map(u -> render(u, caller)).orElse(upgradeUrl);
      }
    }
    if (upgradeUrl == null) {
      // the account's link (signed, with checkout) only when no arm overrides it
      upgradeUrl = upgradeUrl(caller, now);
    }
    return new GateDecision(GateDecision.Verdict.DENIED, outcome.plan(), decisive, message, upgradeUrl, account,
        outcome);
  }

  /** The upgrade link of {@code email.upgradeUrl} for {@code caller} (empty when not configured). */
  public String upgradeUrl(Caller caller) {
    return config.email().map(e -> render(e.upgradeUrl(), caller)).orElse("");
  }

  /** The upgrade link for {@code caller} at {@code now}: the signed checkout link when configured, else {@link #upgradeUrl(Caller)}. */
  public String upgradeUrl(Caller caller, Instant now) {
    return upgradeLinks == null ? upgradeUrl(caller) : upgradeLinks.link(caller.account(), caller.email(), now);
  }

  private static String render(String template, Caller caller) {
    return UpgradeUrl.render(template, Map.of("userId", caller.userId(), "accountId", caller.account().value(),
        "email", caller.email() == null ? "" : caller.email()));
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
}
