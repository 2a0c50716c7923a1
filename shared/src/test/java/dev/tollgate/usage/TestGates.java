package dev.tollgate.usage;

import static dev.tollgate.usage.GateCompiler.filled;

import dev.tollgate.config.Period;

/** Gates built without a config, for tests: a plain usage gate and a feature gate. */
public final class TestGates {
  private TestGates() {}

  /**
   * A plain usage gate (cost 1, no member share, credits or overage) with a warning at
   * {@code warnPermille} thousandths (0 = none).
   */
  public static Gate usage(String gateId, Period period, long[] limits, int warnPermille) {
    int n = limits.length;
    int[] thresholds = warnPermille > 0 ? new int[] {warnPermille} : new int[0];
    return new Gate(null, gateId, gateId, Gate.Kind.USAGE, period, 1, limits.clone(), filled(n, -1), false,
        filled(n, Gate.NO_OVERAGE), new String[n], thresholds, warnPermille > 0 ? 0 : -1, null, new boolean[n]);
  }

  /** A feature gate on {@code feature}, which the plans flagged in {@code planHas} include. */
  public static Gate feature(String gateId, String feature, boolean[] planHas) {
    int n = planHas.length;
    return new Gate(null, gateId, gateId, Gate.Kind.FEATURE, null, 1, filled(n, -1), filled(n, -1), false,
        filled(n, Gate.NO_OVERAGE), new String[n], new int[0], -1, feature, planHas.clone());
  }
}
