package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  static final String BASE = String.join("\n",
      "loops:",
      "  - name: features",
      "    type: freemium",
      "    opinion: Enforce usage limits",
      "    steps:",
      "      - trigger: { type: api, endpoint: \"/api/features/*\", method: POST }",
      "        condition:",
      "          type: usage",
      "          limit: { free: 100, paid: unlimited }",
      "          period: 30d",
      "        action:",
      "          type: block",
      "          message: \"Upgrade to continue.\"",
      "          upgradePrompt: { type: email, provider: resend, template: upgrade_prompt }",
      "    recovery: { retries: 0 }",
      "plans:",
      "  free: { default: true }",
      "  paid: { stripePrices: [price_A] }",
      "identity:",
      "  type: jwt",
      "  jwt: { secretEnv: JWT_SECRET }",
      "email:",
      "  from: \"Acme <billing@acme.dev>\"",
      "  upgradeUrl: \"https://buy.stripe.com/x?client_reference_id={{userId}}\"",
      "  unsubscribeBaseUrl: \"https://api.acme.dev/email/unsubscribe\"",
      "  templates:",
      "    upgrade_prompt:",
      "      sequence:",
      "        - { after: 0m, subject: \"Limit {{limit}}\", text: \"Upgrade {{upgradeUrl}}\" }",
      "failMode: open",
      "");

  static GatingConfig load(String yaml) {
    return ConfigLoader.parse(yaml, "test");
  }

  @Test
  void loadsTheContractShape() {
    GatingConfig c = load(BASE);
    assertThat(c.loops()).hasSize(1);
    GatingConfig.Step step = c.loops().get(0).steps().get(0);
    assertThat(step.gateId()).isEqualTo("features");
    assertThat(step.trigger().methods()).containsExactly("POST");
    assertThat(step.condition().limits()).containsEntry("free", 100L).containsEntry("paid", GatingConfig.UNLIMITED);
    assertThat(step.condition().period()).isEqualTo(new Period(Period.Kind.FIXED, Duration.ofDays(30)));
    assertThat(c.defaultPlan().name()).isEqualTo("free");
    assertThat(c.planForPrice("price_A")).map(GatingConfig.Plan::name).contains("paid");
    assertThat(c.failMode()).isEqualTo(GatingConfig.FailMode.OPEN);
    assertThat(c.stripe().pastDueGrace()).isEqualTo(Duration.ofDays(3));
    assertThat(c.email().orElseThrow().templates().get("upgrade_prompt").sequence()).hasSize(1);
  }

  @Test
  void theShippedExampleLoads() throws Exception {
    Path example = Path.of("..", "gating.yaml");
    GatingConfig c = ConfigLoader.fromFile(example);
    assertThat(c.loops()).isNotEmpty();
    assertThat(ConfigLoader.fromEnvironment(Map.of()).loops()).isNotEmpty();
    assertThat(ConfigLoader.fromEnvironment(Map.of("TOLLGATE_CONFIG", example.toString())).loops())
        .extracting(GatingConfig.Loop::name).containsExactly("features", "export");
    assertThat(Files.exists(example)).isTrue();
    assertThat(c.plans().get("paid").features()).as("the hybrid: paid includes export").contains("export");
    assertThat(c.loops().get(0).steps().get(0).condition().overage()).as("... and overage past its included calls")
        .containsKey("paid");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unlimitedSpellings")
  void unlimitedAndInfinityAreBothAccepted(String spelling) {
    GatingConfig c = load(BASE.replace("paid: unlimited", "paid: " + spelling));
    assertThat(c.loops().get(0).steps().get(0).condition().limits().get("paid")).isEqualTo(GatingConfig.UNLIMITED);
  }

  static Stream<String> unlimitedSpellings() {
    return Stream.of("unlimited", "Infinity", "\"Infinity\"", ".inf", "Unlimited");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("periods")
  void periodsParse(String text, Period expected) {
    GatingConfig c = load(BASE.replace("period: 30d", "period: " + text));
    assertThat(c.loops().get(0).steps().get(0).condition().period()).isEqualTo(expected);
  }

  static Stream<Arguments> periods() {
    return Stream.of(
        Arguments.of("30d", new Period(Period.Kind.FIXED, Duration.ofDays(30))),
        Arguments.of("12h", new Period(Period.Kind.FIXED, Duration.ofHours(12))),
        Arguments.of("month", new Period(Period.Kind.MONTH, Duration.ZERO)),
        Arguments.of("billing", new Period(Period.Kind.BILLING, Duration.ZERO)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void everyMistakeNamesItsKeyPath(String what, String from, String to, String path, String expectedWords) {
    String yaml = from.isEmpty() ? BASE + to : BASE.replace(from, to);
    assertThat(yaml).as("the test edits the base config").isNotEqualTo(BASE);
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).path()).isEqualTo(path))
        .hasMessageStartingWith(path + ": ")
        .hasMessageContaining(expectedWords);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("unknown key", "    recovery: { retries: 0 }", "    recovery: { retries: 0 }\n    retry: 3",
            "loops[0].retry", "unknown key"),
        Arguments.of("member share above the pooled limit", "period: 30d", "period: 30d\n          memberLimit: { free: 101 }",
            "loops[0].steps[0].condition.memberLimit.free", "no larger than the plan's limit (100)"),
        Arguments.of("overage on the default plan", "period: 30d",
            "period: 30d\n          overage: { free: { meter: api_requests, cap: 10 } }",
            "loops[0].steps[0].condition.overage.free", "a paid plan"),
        Arguments.of("overage on an unlimited plan", "period: 30d",
            "period: 30d\n          overage: { paid: { meter: api_requests, cap: 10 } }",
            "loops[0].steps[0].condition.overage.paid", "a plan with a finite limit"),
        Arguments.of("overage meter that is no Stripe event name", "paid: unlimited }\n          period: 30d",
            "paid: 10 }\n          period: 30d\n          overage: { paid: { meter: \"api requests\", cap: 10 } }",
            "loops[0].steps[0].condition.overage.paid.meter", "a Stripe meter event name"),
        Arguments.of("feature no plan or entitlement lists", "          type: usage\n          limit: { free: 100, paid: unlimited }"
            + "\n          period: 30d", "          type: feature\n          feature: export",
            "loops[0].steps[0].condition.feature", "a feature listed under some plan's features"),
        Arguments.of("cost of zero", "method: POST }", "method: POST, cost: 0 }", "loops[0].steps[0].trigger.cost",
            "a whole number of units per call between 1 and"),
        Arguments.of("unknown nested key", "period: 30d", "period: 30d\n          windw: 3",
            "loops[0].steps[0].condition.windw", "unknown key"),
        Arguments.of("plan missing from a limit", "{ free: 100, paid: unlimited }", "{ free: 100 }",
            "loops[0].steps[0].condition.limit.paid", "a limit for every plan"),
        Arguments.of("undeclared plan in a limit", "{ free: 100, paid: unlimited }",
            "{ free: 100, paid: unlimited, pro: 5 }", "loops[0].steps[0].condition.limit.pro", "a plan declared"),
        Arguments.of("negative limit", "free: 100, paid", "free: -1, paid", "loops[0].steps[0].condition.limit.free",
            "whole number"),
        Arguments.of("two default plans", "paid: { stripePrices: [price_A] }",
            "paid: { stripePrices: [price_A], default: true }", "plans.paid.default", "exactly one default plan"),
        Arguments.of("no default plan", "free: { default: true }", "free: {}", "plans", "exactly one plan"),
        Arguments.of("bad period", "period: 30d", "period: 30x", "loops[0].steps[0].condition.period", "a period"),
        Arguments.of("zero period", "period: 30d", "period: 0d", "loops[0].steps[0].condition.period", "a period"),
        Arguments.of("bad glob (no slash)", "\"/api/features/*\"", "\"api/features/*\"",
            "loops[0].steps[0].trigger.endpoint", "endpoint glob"),
        Arguments.of("bad glob (partial wildcard)", "\"/api/features/*\"", "\"/api/feat*\"",
            "loops[0].steps[0].trigger.endpoint", "mixes '*'"),
        Arguments.of("glob with matrix parameters (never matched)", "\"/api/features/*\"", "\"/api/features;v=1/*\"",
            "loops[0].steps[0].trigger.endpoint", "matrix parameters are stripped"),
        Arguments.of("glob with a trailing dot (never matched)", "\"/api/features/*\"", "\"/api/features./*\"",
            "loops[0].steps[0].trigger.endpoint", "trailing dots are trimmed"),
        Arguments.of("glob with an escape (matched decoded)", "\"/api/features/*\"", "\"/api/f%65atures/*\"",
            "loops[0].steps[0].trigger.endpoint", "matched decoded"),
        Arguments.of("bad method", "method: POST", "method: FETCH", "loops[0].steps[0].trigger.method",
            "an HTTP method"),
        Arguments.of("bad method in a list", "method: POST", "method: [GET, PSOT]",
            "loops[0].steps[0].trigger.method[1]", "an HTTP method"),
        Arguments.of("unknown template", "template: upgrade_prompt }", "template: upgrade }",
            "loops[0].steps[0].action.upgradePrompt.template", "a template defined"),
        Arguments.of("bad loop name", "name: features", "name: Features!", "loops[0].name", "[a-z0-9_-]+"),
        Arguments.of("bad fail mode", "failMode: open", "failMode: sometimes", "failMode", "one of [open, closed]"),
        Arguments.of("bad identity type", "type: jwt", "type: oauth", "identity.type", "jwt or apiKey"),
        Arguments.of("jwt needs exactly one key source", "jwt: { secretEnv: JWT_SECRET }",
            "jwt: { secretEnv: JWT_SECRET, jwksUrl: \"https://x/jwks\" }", "identity.jwt", "exactly one of"),
        Arguments.of("unknown placeholder", "Limit {{limit}}", "Limit {{limt}}",
            "email.templates.upgrade_prompt.sequence[0].subject", "placeholders"),
        Arguments.of("bad duration", "after: 0m", "after: soon", "email.templates.upgrade_prompt.sequence[0].after",
            "a duration"),
        Arguments.of("retries must be 0", "retries: 0 }", "retries: 2 }", "loops[0].recovery.retries", "never retried"),
        Arguments.of("warnAt out of range", "period: 30d", "period: 30d\n          warnAt: 1.5",
            "loops[0].steps[0].condition.warnAt", "between 0 and 1"),
        Arguments.of("wrong type", "message: \"Upgrade to continue.\"", "message: [a, b]",
            "loops[0].steps[0].action.message", "a non-empty string"),
        Arguments.of("missing section", "identity:\n  type: jwt\n  jwt: { secretEnv: JWT_SECRET }\n", "",
            "identity", "a mapping (required)"),
        Arguments.of("unknown top-level key", "", "limits: {}\n", "limits", "unknown key"),
        Arguments.of("misspelt required key names the misspelling", "limit: { free: 100", "limits: { free: 100",
            "loops[0].steps[0].condition.limit", "found the unknown key 'limits' here: is it a misspelling of 'limit'?"),
        Arguments.of("misspelt required section", "steps:", "step:", "loops[0].steps",
            "found the unknown key 'step'"),
        Arguments.of("retries past the provider's idempotency memory", "  templates:",
            "  dispatch: { backoff: 2h, maxAttempts: 5 }\n  templates:", "email.dispatch.backoff",
            "retries that end within 23h"));
  }

  @Test
  void duplicateKeysAndBrokenYamlAreRefused() {
    assertThatThrownBy(() -> load(BASE + "failMode: closed\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("valid YAML");
    assertThatThrownBy(() -> load("loops: [")).isInstanceOf(ConfigException.class).hasMessageContaining("valid YAML");
    assertThatThrownBy(() -> load("")).isInstanceOf(ConfigException.class).hasMessageContaining("a mapping");
  }

  @Test
  void aMissingFileSaysWhere() {
    assertThatThrownBy(() -> ConfigLoader.fromFile(Path.of("/nonexistent/gating.yaml")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("/nonexistent/gating.yaml");
  }

  @Test
  void duplicateLoopNamesAreRefused() {
    String loop = BASE.substring(BASE.indexOf("  - name: features"), BASE.indexOf("plans:"));
    String yaml = BASE.replace("plans:", loop + "plans:");
    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessageStartingWith("loops[1].name:");
  }
}
