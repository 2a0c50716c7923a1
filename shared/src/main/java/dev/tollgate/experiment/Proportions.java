package dev.tollgate.experiment;

/**
 * The statistics of the experiment report, pure: the Wilson score interval of a proportion and
 * the p-value of Pearson's chi-squared test that all arms convert at the same rate (for two
 * arms exactly the pooled two-proportion z-test, two-sided: {@code chi2 = z^2}), without
 * continuity correction (as R's {@code prop.test(..., correct = FALSE)}).
 */
public final class Proportions {
  /** The standard normal quantile of 97.5 %, for 95 % intervals. */
  public static final double Z95 = 1.959963984540054;

  private static final double EPS = 1e-15;
  private static final int MAX_ITERATIONS = 10_000;
  private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
      771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7};

  private Proportions() {}

  /** A closed interval of proportions. */
  public record Interval(double low, double high) {}

  /**
   * The Wilson score interval of {@code successes} out of {@code trials} at normal quantile
   * {@code z}; {@code [0, 1]} (no information) when there are no trials.
   */
  public static Interval wilson(long successes, long trials, double z) {
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException(successes + " successes out of " + trials + " trials");
    }
    if (trials == 0) {
      return new Interval(0, 1);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    return new Interval(Math.max(0, center - half), Math.min(1, center + half));
  }

  /**
   * The p-value of the chi-squared test of homogeneity over the arms ({@code successes[i]} out
   * of {@code trials[i]}); NaN when fewer than two arms have trials, 1 when every arm has the
   * same all-or-nothing rate (no variation to test).
   */
  public static double homogeneityPValue(long[] successes, long[] trials) {
    long n = 0;
    long s = 0;
    int arms = 0;
    for (int i = 0; i < trials.length; i++) {
      if (trials[i] > 0) {
        n += trials[i];
        s += successes[i];
        arms++;
      }
    }
    if (arms < 2) {
      return Double.NaN;
    }
    double pooled = (double) s / n;
    if (pooled == 0 || pooled == 1) {
      return 1;
    }
    double chi2 = 0;
    for (int i = 0; i < trials.length; i++) {
      if (trials[i] > 0) {
        double expected = trials[i] * pooled;
        double d = successes[i] - expected;
        chi2 += d * d / expected + d * d / (trials[i] - expected);
      }
    }
    return chiSquaredSurvival(chi2, arms - 1);
  }

  /** P(X > x) for X chi-squared with {@code dof} degrees of freedom. */
  public static double chiSquaredSurvival(double x, int dof) {
    if (x <= 0) {
      return 1;
    }
    return upperGamma(dof / 2.0, x / 2);
  }

  /** The regularized upper incomplete gamma function Q(a, x): series below a+1, Lentz's continued fraction above. */
  static double upperGamma(double a, double x) {
    double logPrefix = a * Math.log(x) - x - logGamma(a);
    if (x < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int k = 1; k < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * EPS; k++) {
        term *= x / (a + k);
        sum += term;
      }
      return 1 - sum * Math.exp(logPrefix);
    }
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.exp(logPrefix) * h;
  }

  /** ln Γ(a) for a > 0 (Lanczos, g = 7). */
  static double logGamma(double a) {
    if (a < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
    }
    double x = a - 1;
    double sum = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
