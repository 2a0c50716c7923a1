package dev.tollgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated {@code gating.yaml}: the loops that gate endpoints, the plans users can be
 * on, how callers are identified, the upgrade emails, Stripe settings and the fail mode.
 * Built only by {@link ConfigLoader}; every value here has passed validation.
 */
public record GatingConfig(
    List<Loop> loops,
    Map<String, Plan> plans,
    Identity identity,
    Optional<EmailConfig> email,
    Stripe stripe,
    FailMode failMode,
    Redis redis,
    Events events,
    Map<String, Experiment> experiments,
    Optional<CheckoutConfig> checkout) {

  /** The value {@link Condition#limits()} uses for "no limit". */
  public static final long UNLIMITED = -1;

  /** This config with {@code identity} instead (tools that override one setting). */
  public GatingConfig withIdentity(Identity identity) {
    return new GatingConfig(loops, plans, identity, email, stripe, failMode, redis, events, experiments, checkout);
  }

  /** This config with {@code email} instead. */
  public GatingConfig withEmail(Optional<EmailConfig> email) {
    return new GatingConfig(loops, plans, identity, email, stripe, failMode, redis, events, experiments, checkout);
  }

  /** The plan users are on when Stripe says nothing else. */
  public Plan defaultPlan() {
    return plans.values().stream().filter(Plan::isDefault).findFirst().orElseThrow();
  }

  /** The plan whose {@code stripePrices} lists {@code priceId}, if any. */
  public Optional<Plan> planForPrice(String priceId) {
    return plans.values().stream().filter(p -> p.stripePrices().contains(priceId)).findFirst();
  }

  /** Whether a plan lists {@code feature} or Stripe may grant it ({@code stripe.entitlements}). */
  public boolean knowsFeature(String feature) {
    return stripe.entitlements().contains(feature)
        || plans.values().stream().anyMatch(p -> p.features().contains(feature));
  }

  /** The experiment running on {@code loop}'s prompt, if any (at most one per loop). */
  public Optional<Experiment> experimentOf(String loop) {
    return experiments.values().stream().filter(x -> x.loop().equals(loop)).findFirst();
  }

  /** The loop called {@code name}, if any. */
  public Optional<Loop> loop(String name) {
    return loops.stream().filter(l -> l.name().equals(name)).findFirst();
  }

  /** One conversion loop (the seed's {@code defineLoop}). */
  public record Loop(String name, String type, String opinion, List<Step> steps, Recovery recovery) {}

  /**
   * One trigger → condition → action step of a loop. {@code gateId} names its counter:
   * the loop name for a loop's first step, {@code name.N} for later ones.
   */
  public record Step(String loop, String gateId, Trigger trigger, Condition condition, Action action) {}

  /**
   * Which requests a step counts: an endpoint glob, the methods (empty = ANY) and how many
   * units one call costs ({@code cost}, default 1).
   */
  public record Trigger(String type, EndpointGlob endpoint, Set<String> methods, long cost) {
    /** Whether {@code method} (upper case) is one this trigger counts. */
    public boolean matchesMethod(String method) {
      return methods.isEmpty() || methods.contains(method);
    }
  }

  /**
   * What a step checks. {@code usage}: a limit of units per plan ({@link #UNLIMITED} = none)
   * in a window, an optional share ({@code warnAt}, 0..1) at which a soft warning is sent,
   * an optional per-member share of the pooled window ({@code memberLimits}, plans not listed
   * have none), prepaid {@code credits} once the allowance is used, and metered
   * {@code overage} per paid plan. {@code feature}: the caller's plan (or a Stripe
   * entitlement) must include {@code feature}; it has no limit and no period.
   */
  public record Condition(
      String type,
      Map<String, Long> limits,
      Period period,
      Optional<Double> warnAt,
      Optional<String> feature,
      Map<String, Long> memberLimits,
      boolean credits,
      Map<String, Overage> overage) {
    /** Whether this is a boolean feature check rather than a usage limit. */
    public boolean isFeature() {
      return feature.isPresent();
    }
  }

  /**
   * Past its included limit a paid plan keeps going, counted as overage and reported to the
   * Stripe Billing Meter {@code meter}, up to {@code cap} units per window
   * ({@link #UNLIMITED} = no cap).
   */
  public record Overage(String meter, long cap) {}

  /** Usage events for the team's other systems: {@code thresholds} are shares of a limit (0..1]. */
  public record Events(List<Double> thresholds) {
    /** No thresholds. */
    public static final Events NONE = new Events(List.of());
  }

  /**
   * An experiment on one loop's upgrade prompt: each account is assigned one of {@code arms}
   * (config order) by weight, and sees that arm's overrides.
   */
  public record Experiment(String name, String loop, Map<String, Arm> arms) {}

  /**
   * One arm of an experiment: its relative {@code weight} and what it overrides of the loop's
   * prompt (empty = the loop's own): the 402 {@code message}, the upgrade email {@code template}
   * and the {@code upgradeUrl} (402 body and emails).
   */
  public record Arm(String name, long weight, Optional<String> message, Optional<String> template,
      Optional<String> upgradeUrl) {}

  /** What happens past the limit: block with {@code message}, then prompt to upgrade. */
  public record Action(String type, String message, Optional<Prompt> upgradePrompt, Optional<Prompt> warnPrompt) {}

  /** An email prompt: which provider and which template of {@code email.templates}. */
  public record Prompt(String type, String provider, String template) {}

  /** Recovery policy of a loop; blocking is never retried, so {@code retries} is 0. */
  public record Recovery(int retries) {}

  /** A plan, the Stripe prices that put an account on it, whether it is the default, and its features. */
  public record Plan(String name, boolean isDefault, List<String> stripePrices, List<String> features) {}

  /**
   * How callers are identified; {@code accountClaim} names the JWT claim holding the caller's
   * account (team or organisation), when accounts come from tokens.
   */
  public record Identity(IdentityType type, String header, Optional<Jwt> jwt, Duration apiKeyCacheTtl,
      Optional<String> accountClaim) {}

  /** The two ways to identify a caller. */
  public enum IdentityType {
    /** A bearer JWT (HS256 secret or a JWKS). */
    JWT,
    /** An opaque API key issued by {@code tollgate keys create}. */
    API_KEY
  }

  /**
   * JWT checks. Exactly one of {@code secretEnv} (HS256) and {@code jwksUrl} (RS256/ES256)
   * is set.
   */
  public record Jwt(
      Optional<String> secretEnv,
      Optional<URI> jwksUrl,
      Optional<String> issuer,
      List<String> audience,
      String userClaim,
      String emailClaim,
      Duration clockSkew) {}

  /**
   * Stripe settings; {@code entitlements} lists features that only Stripe Entitlements grant
   * (on no plan), so a feature condition may name them.
   */
  public record Stripe(Duration pastDueGrace, Duration attributionWindow, Duration webhookTolerance,
      List<String> entitlements) {}

  /** What the authorizer does when Redis cannot answer in time. */
  public enum FailMode {
    /** Allow the call (and log/metric it). */
    OPEN,
    /** Refuse the call. */
    CLOSED
  }

  /** Redis client timeouts; the address itself comes from {@code REDIS_URL}. */
  public record Redis(Duration connectTimeout, Duration commandTimeout) {}
}
