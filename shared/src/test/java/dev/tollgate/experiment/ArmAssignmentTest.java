package dev.tollgate.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.GatingConfig.Arm;
import dev.tollgate.config.GatingConfig.Experiment;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class ArmAssignmentTest {
  private static final int ACCOUNTS = 20_000;

  public static Experiment experiment(String name, Object... armsAndWeights) {
    Map<String, Arm> arms = new LinkedHashMap<>();
    for (int i = 0; i < armsAndWeights.length; i += 2) {
      String arm = (String) armsAndWeights[i];
      arms.put(arm, new Arm(arm, ((Number) armsAndWeights[i + 1]).longValue(), Optional.empty(), Optional.empty(),
          Optional.empty()));
    }
    return new Experiment(name, "features", arms);
  }

  private static Map<String, String> assign(Experiment x) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      out.put("acct-" + i, ArmAssignment.assign(x, "acct-" + i).name());
    }
    return out;
  }

  @ParameterizedTest(name = "weights {0}:{1}")
  @CsvSource({"50, 50", "90, 10", "1, 3"})
  void accountsSplitByWeight(int a, int b) {
    Map<String, String> got = assign(experiment("copy", "control", a, "urgency", b));
    double share = got.values().stream().filter("urgency"::equals).count() / (double) ACCOUNTS;
    double expected = b / (double) (a + b);
    // four standard errors of a binomial share: a wrong draw would miss by far more
    assertThat(share).isBetween(expected - 4 * Math.sqrt(expected * (1 - expected) / ACCOUNTS),
        expected + 4 * Math.sqrt(expected * (1 - expected) / ACCOUNTS));
  }

  @Test
  void theAssignmentIsAFunctionOfAccountExperimentAndArmsOnly() {
    Experiment x = experiment("copy", "control", 50, "urgency", 50);
    assertThat(ArmAssignment.assign(x, "alice").name()).isEqualTo(ArmAssignment.assign(
        experiment("copy", "control", 50, "urgency", 50), "alice").name());
    // the published formula, so other systems can reproduce it: the first 53 bits of SHA-256
    assertThat(ArmAssignment.uniform("copy", "control", "alice")).isStrictlyBetween(0.0, 1.0);
    Map<String, String> first = assign(x);
    Map<String, String> otherExperiment = assign(experiment("price", "control", 50, "urgency", 50));
    long same = first.keySet().stream().filter(k -> first.get(k).equals(otherExperiment.get(k))).count();
    assertThat(same / (double) ACCOUNTS).isBetween(0.45, 0.55);
  }

  @Test
  void reorderingArmsMovesNobody() {
    assertThat(assign(experiment("copy", "urgency", 30, "control", 70)))
        .isEqualTo(assign(experiment("copy", "control", 70, "urgency", 30)));
  }

  @Test
  void addingAnArmMovesAccountsOnlyIntoIt() {
    Map<String, String> before = assign(experiment("copy", "control", 50, "urgency", 50));
    Map<String, String> after = assign(experiment("copy", "control", 50, "urgency", 50, "discount", 50));
    long moved = 0;
    for (String account : before.keySet()) {
      if (!before.get(account).equals(after.get(account))) {
        assertThat(after.get(account)).isEqualTo("discount");
        moved++;
      }
    }
    assertThat(moved / (double) ACCOUNTS).isBetween(0.31, 0.36);
  }

  @Test
  void removingAnArmMovesOnlyItsAccounts() {
    Map<String, String> before = assign(experiment("copy", "control", 50, "urgency", 50, "discount", 50));
    Map<String, String> after = assign(experiment("copy", "control", 50, "urgency", 50));
    for (String account : before.keySet()) {
      if (!before.get(account).equals("discount")) {
        assertThat(after.get(account)).isEqualTo(before.get(account));
      }
    }
  }

  @Test
  void raisingAWeightOnlyMovesAccountsIntoThatArm() {
    Map<String, String> before = assign(experiment("copy", "control", 50, "urgency", 50));
    Map<String, String> after = assign(experiment("copy", "control", 50, "urgency", 80));
    for (String account : before.keySet()) {
      if (!before.get(account).equals(after.get(account))) {
        assertThat(before.get(account)).isEqualTo("control");
        assertThat(after.get(account)).isEqualTo("urgency");
      }
    }
    assertThat(after.values().stream().filter("urgency"::equals).count())
        .isGreaterThan(before.values().stream().filter("urgency"::equals).count());
  }
}
