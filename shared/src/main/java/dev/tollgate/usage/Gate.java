package dev.tollgate.usage;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.config.Period;
import java.util.Arrays;

/**
 * One step of a loop, compiled for the hot path: everything the decision needs, per plan
 * index (plan order as in the config). A usage gate counts {@link #cost()} units per call
 * against a limit per plan ({@link GatingConfig#UNLIMITED} = none) in a window, optionally
 * with a per-member share, prepaid credits and metered overage; a feature gate only checks
 * that the plan (or a Stripe entitlement) includes {@link #feature()}.
 *
 * <p>{@link #thresholds()} are shares of the limit in thousandths, ascending (the step's
 * {@code warnAt} and {@code events.thresholds}); each fires once per window.
 * {@link #spec()} is a canonical text of every parameter: two gates with the same spec decide
 * alike (it keys compiled scripts). {@link GateCompiler} builds a gate from a config step.
 */
public final class Gate {
  /** What a gate checks. */
  public enum Kind {
    /** Units against a limit in a window. */
    USAGE,
    /** A boolean feature of the plan. */
    FEATURE
  }

  /** {@link #overageCap} of a plan without overage. */
  public static final long NO_OVERAGE = -2;

  private final GatingConfig.Step step;
  private final String gateId;
  private final String loop;
  private final Kind kind;
  private final Period period;
  private final long cost;
  private final long[] limits;
  private final long[] memberLimits;
  private final boolean credits;
  private final long[] overageCaps;
  private final String[] overageMeters;
  private final int[] thresholds;
  private final int warnIndex;
  private final String feature;
  private final boolean[] planFeature;
  private final String spec;

  Gate(GatingConfig.Step step, String gateId, String loop, Kind kind, Period period, long cost, long[] limits,
      long[] memberLimits, boolean credits, long[] overageCaps, String[] overageMeters, int[] thresholds,
      int warnIndex, String feature, boolean[] planFeature) {
    this.step = step;
    this.gateId = gateId;
    this.loop = loop;
    this.kind = kind;
    this.period = period;
    this.cost = cost;
    this.limits = limits;
    this.memberLimits = memberLimits;
    this.credits = credits;
    this.overageCaps = overageCaps;
    this.overageMeters = overageMeters;
    this.thresholds = thresholds;
    this.warnIndex = warnIndex;
    this.feature = feature;
    this.planFeature = planFeature;
    this.spec = gateId + "|" + kind + "|" + period + "|" + cost + "|" + Arrays.toString(limits) + "|"
        + Arrays.toString(memberLimits) + "|" + credits + "|" + Arrays.toString(overageCaps) + "|"
        + Arrays.toString(overageMeters) + "|" + Arrays.toString(thresholds) + "|" + warnIndex + "|" + feature + "|"
        + Arrays.toString(planFeature);
  }

  /** This gate with other pricing parameters (for tests of cost, members, credits and overage). */
  public Gate with(long cost, long[] memberLimits, boolean credits, long[] overageCaps, String[] overageMeters,
      int[] thresholds) {
    return new Gate(step, gateId, loop, kind, period, cost, limits, memberLimits.clone(), credits, overageCaps.clone(),
        overageMeters.clone(), thresholds.clone(), -1, feature, planFeature);
  }

  /** The config step (null for gates built by tests). */
  public GatingConfig.Step step() {
    return step;
  }

  /** The counter id: the loop name for a loop's first step, {@code loop.N} for later ones. */
  public String gateId() {
    return gateId;
  }

  /** The loop this step belongs to. */
  public String loop() {
    return loop;
  }

  /** Usage or feature. */
  public Kind kind() {
    return kind;
  }

  /** The window of a usage gate (null for a feature gate). */
  public Period period() {
    return period;
  }

  /** Units one call costs. */
  public long cost() {
    return cost;
  }

  /** The included limit for plan index {@code plan} (-1 = unlimited). */
  public long limit(int plan) {
    return limits[plan];
  }

  /** The per-member share for plan index {@code plan} (-1 = none). */
  public long memberLimit(int plan) {
    return memberLimits[plan];
  }

  /** Whether any plan has a member share (member usage is then tracked for every plan). */
  public boolean tracksMembers() {
    return Arrays.stream(memberLimits).anyMatch(l -> l >= 0);
  }

  /** Whether prepaid credits cover calls past the allowance. */
  public boolean credits() {
    return credits;
  }

  /** The overage cap for plan index {@code plan}: {@link #NO_OVERAGE}, -1 = uncapped, else units per window. */
  public long overageCap(int plan) {
    return overageCaps[plan];
  }

  /** The Stripe meter overage of plan index {@code plan} is reported to (null = no overage). */
  public String overageMeter(int plan) {
    return overageMeters[plan];
  }

  /** Whether any plan has overage. */
  public boolean hasOverage() {
    return Arrays.stream(overageCaps).anyMatch(c -> c != NO_OVERAGE);
  }

  /** Threshold shares in thousandths, ascending. */
  public int[] thresholds() {
    return thresholds.clone();
  }

  /** Number of thresholds. */
  public int thresholdCount() {
    return thresholds.length;
  }

  /** Threshold {@code i} in thousandths. */
  public int threshold(int i) {
    return thresholds[i];
  }

  /** Index in {@link #thresholds()} of the step's {@code warnAt} (-1 = none). */
  public int warnIndex() {
    return warnIndex;
  }

  /** The units at which threshold {@code permille} of {@code limit} is reached (at least 1). */
  public static long thresholdUnits(long limit, int permille) {
    return Math.max(1, (limit * permille + 999) / 1000);
  }

  /** The feature a feature gate checks (null for usage gates). */
  public String feature() {
    return feature;
  }

  /** Whether plan index {@code plan} includes the feature. */
  public boolean planHasFeature(int plan) {
    return planFeature[plan];
  }

  /** Every parameter, as canonical text. */
  public String spec() {
    return spec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gate && ((Gate) o).spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return gateId;
  }
}
