package dev.tollgate.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProportionsTest {

  /** Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (Wilson). */
  @ParameterizedTest(name = "{0}/{1} -> [{2}, {3}]")
  @CsvSource({
      "81, 263, 0.2553, 0.3662",
      "15, 148, 0.0624, 0.1605",
      "0, 20, 0.0000, 0.1611",
      "1, 29, 0.0061, 0.1718",
      // R: prop.test(5, 10, correct = FALSE)$conf.int
      "5, 10, 0.2366, 0.7634"})
  void wilsonIntervalsMatchThePublishedValues(long x, long n, double low, double high) {
    Proportions.Interval i = Proportions.wilson(x, n, Proportions.Z95);
    assertThat(i.low()).isCloseTo(low, within(5e-5));
    assertThat(i.high()).isCloseTo(high, within(5e-5));
  }

  @ParameterizedTest(name = "{0}/{1} vs {2}/{3}: p = {4}")
  @CsvSource({
      // R: prop.test(c(56, 48), c(70, 80), correct = FALSE)$p.value (Newcombe 1998b's example)
      "56, 70, 48, 80, 0.008045081",
      // R: prop.test(c(30, 45), c(100, 100), correct = FALSE)$p.value
      "30, 100, 45, 100, 0.028459737",
      "10, 100, 10, 100, 1.0"})
  void twoArmsAreThePooledTwoProportionTest(long x1, long n1, long x2, long n2, double p) {
    assertThat(Proportions.homogeneityPValue(new long[] {x1, x2}, new long[] {n1, n2})).isCloseTo(p, within(1e-8));
  }

  @ParameterizedTest(name = "{0}: p = {2}")
  @CsvSource(delimiter = ';', value = {
      // scipy.stats.chi2_contingency(table, correction=False)[1]
      "30,45,38; 100,100,100; 0.09077979531",
      "10,18,25,12; 1000,1000,1000,1000; 0.03584142629"})
  void severalArmsAreTheChiSquaredTestOfHomogeneity(String xs, String ns, double p) {
    long[] x = java.util.Arrays.stream(xs.split(",")).mapToLong(Long::parseLong).toArray();
    long[] n = java.util.Arrays.stream(ns.split(",")).mapToLong(Long::parseLong).toArray();
    assertThat(Proportions.homogeneityPValue(x, n)).isCloseTo(p, within(1e-9));
  }

  @ParameterizedTest(name = "chi2 {0} with {1} dof: {2}")
  @CsvSource({
      // the 5 % critical values of the chi-squared tables, and scipy.stats.chi2.sf
      "3.841458820694124, 1, 0.05",
      "7.814727903251178, 3, 0.05",
      "0.5, 5, 0.9921232932326296",
      "40, 10, 1.694474393006737e-05"})
  void chiSquaredSurvivalMatchesTheTables(double x, int dof, double p) {
    assertThat(Proportions.chiSquaredSurvival(x, dof)).isCloseTo(p, within(p * 1e-9));
  }

  @ParameterizedTest(name = "{0}/{1} vs {2}/{3}")
  @CsvSource({"0, 50, 0, 60", "50, 50, 60, 60"})
  void armsWithoutVariationHaveNothingToTest(long x1, long n1, long x2, long n2) {
    assertThat(Proportions.homogeneityPValue(new long[] {x1, x2}, new long[] {n1, n2})).isEqualTo(1.0);
  }

  @ParameterizedTest(name = "trials {0} and {1}")
  @CsvSource({"0, 0", "10, 0"})
  void lessThanTwoArmsWithTrialsHaveNoPValue(long n1, long n2) {
    assertThat(Proportions.homogeneityPValue(new long[] {0, 0}, new long[] {n1, n2})).isNaN();
    assertThat(Proportions.wilson(0, 0, Proportions.Z95)).isEqualTo(new Proportions.Interval(0, 1));
  }
}
