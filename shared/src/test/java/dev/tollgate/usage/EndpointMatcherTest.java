package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointMatcherTest {
  static final GatingConfig CONFIG = ConfigLoader.parse(String.join("\n",
      "loops:",
      "  - name: features",
      "    steps:",
      "      - trigger: { endpoint: \"/api/features/*\", method: POST }",
      "        condition: { limit: { free: 3, paid: unlimited }, period: 30d }",
      "        action: { message: m }",
      "  - name: all-api",
      "    steps:",
      "      - trigger: { endpoint: \"/api/**\", method: ANY }",
      "        condition: { limit: { free: 10, paid: 1000 }, period: month }",
      "        action: { message: m }",
      "  - name: reports",
      "    steps:",
      "      - trigger: { endpoint: \"/v1/reports/*/export\", method: [GET, PUT] }",
      "        condition: { limit: { free: 1, paid: unlimited }, period: 12h }",
      "        action: { message: m }",
      "plans:",
      "  free: { default: true }",
      "  paid: { stripePrices: [price_A] }",
      "identity: { type: apiKey }",
      ""), "test");
  static final EndpointMatcher MATCHER = new EndpointMatcher(UsageGate.compile(CONFIG));

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "POST | /api/features/search        | features all-api",
      "post | /api/features/search        | features all-api",
      "POST | /api/features/search/       | features all-api",
      "POST | //api///features//search    | features all-api",
      "POST | /api/%66eatures/search      | features all-api",
      "POST | /api/features%2Fsearch      | features all-api",
      "POST | /api/features%252Fsearch    | features all-api",
      "POST | /API/Features/search        | features all-api",
      "POST | /api/x/../features/search   | features all-api",
      "POST | /api/./features/search      | features all-api",
      "POST | /api/features/search?x=1    | features all-api",
      "POST | /prod/api/features/search   | features all-api",
      "GET  | /api/features/search        | all-api",
      "POST | /api/features               | all-api",
      "POST | /api/features/a/b           | all-api",
      "DELETE | /api                      | all-api",
      "GET  | /v1/reports/42/export       | reports",
      "PUT  | /v1/reports/42/export/      | reports",
      "POST | /v1/reports/42/export       | ''",
      "GET  | /v1/reports/export          | ''",
      "GET  | /health                     | ''",
      "GET  | /                           | ''",
  })
  void matchesEveryTrivialSpellingOfAGatedPath(String method, String path, String expected) {
    List<Gate> gates = MATCHER.match(method, RequestPath.candidates(path, null, "prod"));
    String names = String.join(" ", gates.stream().map(Gate::gateId).toList());
    assertThat(names).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ({1}) -> {2}")
  @CsvSource(delimiter = '|', value = {
      "/request          | /prod/request        | request",
      "/a//b/            | /prod/a/b            | a/b",
      "/x%20y            | ''                   | x y",
      "''                | ''                   | ''",
  })
  void normalisesPathsAndStripsTheStage(String path, String contextPath, String expectedJoined) {
    List<List<String>> c = RequestPath.candidates(path, contextPath.isEmpty() ? null : contextPath, "prod");
    assertThat(c).isNotEmpty();
    assertThat(String.join("/", c.get(0))).isEqualTo(expectedJoined);
  }

  @Test
  void theContextPathStandsInWhenTheEventHasNoPath() {
    List<Gate> gates = MATCHER.match("POST", RequestPath.candidates(null, "/prod/api/features/x", "prod"));
    assertThat(gates).extracting(Gate::gateId).containsExactly("features", "all-api");
  }
}
