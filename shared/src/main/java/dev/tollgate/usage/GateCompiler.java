package dev.tollgate.usage;

import dev.tollgate.config.GatingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds a {@link Gate} from one config step: its limits, member shares, overage caps and
 * meters, and feature flags, per plan in config order, and its thresholds as thousandths
 * (the config's {@code events.thresholds} and the step's {@code warnAt}, merged and sorted).
 */
final class GateCompiler {
  private GateCompiler() {}

  /** Compiles {@code step} of {@code config} (plan order as in {@code config.plans()}). */
  static Gate compile(GatingConfig.Step step, GatingConfig config) {
    List<String> plans = new ArrayList<>(config.plans().keySet());
    int n = plans.size();
    GatingConfig.Condition c = step.condition();
    if (c.isFeature()) {
      boolean[] has = new boolean[n];
      for (int i = 0; i < n; i++) {
        has[i] = config.plans().get(plans.get(i)).features().contains(c.feature().get());
      }
      return new Gate(step, step.gateId(), step.loop(), Gate.Kind.FEATURE, null, 1, filled(n, -1), filled(n, -1), false,
          filled(n, Gate.NO_OVERAGE), new String[n], new int[0], -1, c.feature().get(), has);
    }
    long[] limits = new long[n];
    long[] members = new long[n];
    long[] caps = new long[n];
    String[] meters = new String[n];
    for (int i = 0; i < n; i++) {
      String p = plans.get(i);
      limits[i] = c.limits().get(p);
      members[i] = c.memberLimits().getOrDefault(p, GatingConfig.UNLIMITED);
      GatingConfig.Overage o = c.overage().get(p);
      caps[i] = o == null ? Gate.NO_OVERAGE : o.cap();
      meters[i] = o == null ? null : o.meter();
    }
    TreeSet<Integer> shares = new TreeSet<>();
    config.events().thresholds().forEach(t -> shares.add(permille(t)));
    c.warnAt().ifPresent(w -> shares.add(permille(w)));
    int[] thresholds = shares.stream().mapToInt(Integer::intValue).toArray();
    int warn = c.warnAt().map(w -> Arrays.binarySearch(thresholds, permille(w))).orElse(-1);
    return new Gate(step, step.gateId(), step.loop(), Gate.Kind.USAGE, c.period(), step.trigger().cost(), limits, members,
        c.credits(), caps, meters, thresholds, warn, null, new boolean[n]);
  }

  /** {@code n} copies of {@code v}. */
  static long[] filled(int n, long v) {
    long[] a = new long[n];
    Arrays.fill(a, v);
    return a;
  }

  private static int permille(double share) {
    return (int) Math.round(share * 1000);
  }
}
