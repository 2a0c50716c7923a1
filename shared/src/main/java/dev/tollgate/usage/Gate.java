package dev.tollgate.usage;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.config.Period;
import java.util.List;

/**
 * One counted step of a loop, compiled from config for the hot path: its counter id, window
 * and a limit per plan index (plan order as in {@code plans}; {@link GatingConfig#UNLIMITED}
 * for none). {@code warnPermille} is the warning share in thousandths (0 = no warning).
 */
public record Gate(GatingConfig.Step step, String gateId, String loop, Period period, long[] limits, int warnPermille) {

  /** Compiles {@code step} against the plan order {@code planNames}. */
  public static Gate of(GatingConfig.Step step, List<String> planNames) {
    long[] limits = new long[planNames.size()];
    for (int i = 0; i < limits.length; i++) {
      limits[i] = step.condition().limits().get(planNames.get(i));
    }
    int warn = step.condition().warnAt().map(w -> (int) Math.round(w * 1000)).orElse(0);
    return new Gate(step, step.gateId(), step.loop(), step.condition().period(), limits, warn);
  }

  /** The limit for plan index {@code plan}. */
  public long limit(int plan) {
    return limits[plan];
  }

  /** The count at which the warning fires for {@code limit}, or 0 when there is none. */
  public long warnThreshold(long limit) {
    if (warnPermille == 0 || limit <= 0) {
      return 0;
    }
    return Math.max(1, (limit * warnPermille + 999) / 1000);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gate && ((Gate) o).gateId.equals(gateId);
  }

  @Override
  public int hashCode() {
    return gateId.hashCode();
  }

  @Override
  public String toString() {
    return gateId;
  }
}
