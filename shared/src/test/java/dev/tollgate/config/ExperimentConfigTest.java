package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code experiments}: read as written, and every mistake named by its key path. */
class ExperimentConfigTest {
  static final String ARMS = """
      experiments:
        upgrade_copy:
          loop: features
          arms:
            control: { weight: 50 }
            urgency: { weight: 50, message: "Out of calls.", template: usage_warning, upgradeUrl: "https://x.dev/u?r={{userId}}" }
      """;

  static GatingConfig load(String experiments) throws Exception {
    return ConfigLoader.parse(Files.readString(Path.of("..", "gating.yaml")) + "\n" + experiments, "test");
  }

  @Test
  void anExperimentIsReadWithItsArmsInOrder() throws Exception {
    GatingConfig c = load(ARMS);
    GatingConfig.Experiment x = c.experiments().get("upgrade_copy");
    assertThat(x.loop()).isEqualTo("features");
    assertThat(x.arms().keySet()).containsExactly("control", "urgency");
    assertThat(x.arms().get("urgency").message()).contains("Out of calls.");
    assertThat(x.arms().get("urgency").template()).contains("usage_warning");
    assertThat(x.arms().get("control").message()).isEmpty();
    assertThat(c.experimentOf("features")).contains(x);
    assertThat(load("").experiments()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "loop: nope|experiments.upgrade_copy.loop|the name of a loop",
      "weight: 0|experiments.upgrade_copy.arms.urgency.weight|positive whole number",
      "weight: 2.5|experiments.upgrade_copy.arms.urgency.weight|a whole number",
      "template: nope|experiments.upgrade_copy.arms.urgency.template|a template of email.templates",
      "upgradeUrl: ftp://x|experiments.upgrade_copy.arms.urgency.upgradeUrl|an http(s) URL",
      "upgradeUrl: 'https://x.dev/{{oops}}'|experiments.upgrade_copy.arms.urgency.upgradeUrl|only the placeholders",
      "colour: red|experiments.upgrade_copy.arms.urgency.colour|colour"})
  void aWrongArmIsNamedByItsKeyPath(String change, String path, String expected) {
    String key = change.substring(0, change.indexOf(':'));
    String line = ARMS.lines().filter(l -> l.contains("urgency:")).findFirst().orElseThrow();
    String yaml = key.equals("loop") ? ARMS.replace("loop: features", change)
        : ARMS.replace(line, "      urgency: { " + (key.equals("weight") ? "" : "weight: 50, ") + change + " }");
    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).path()).isEqualTo(path))
        .hasMessageContaining(expected);
  }

  @Test
  void aSecondExperimentOnTheSameLoopIsRefused() {
    assertThatThrownBy(() -> load(ARMS + """
          second:
            loop: features
            arms: { a: { weight: 1 }, b: { weight: 1 } }
        """)).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).path()).isEqualTo("experiments.second.loop"))
        .hasMessageContaining("at most one experiment per loop").hasMessageContaining("upgrade_copy");
  }

  @Test
  void anExperimentNeedsTwoArmsWithWeights() {
    assertThatThrownBy(() -> load("experiments:\n  x:\n    loop: features\n    arms: { only: { weight: 1 } }\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("at least two arms");
    assertThatThrownBy(() -> load("experiments:\n  x:\n    loop: features\n    arms: { a: {}, b: { weight: 1 } }\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).path()).isEqualTo("experiments.x.arms.a.weight"));
    assertThatThrownBy(() -> load("experiments:\n  Bad Name:\n    loop: features\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("[a-z0-9_-]+");
  }
}
