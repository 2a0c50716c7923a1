package dev.tollgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.RequestHeaders;
import java.util.List;
import java.util.Map;
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
    assertThat(gateIds(method, path)).isEqualTo(expected);
  }

  /** The ids of the gates a {@code method} request to {@code path} (stage {@code prod}) falls under. */
  static String gateIds(String method, String path) {
    return String.join(" ", MATCHER.match(method, RequestPath.candidates(path, null, "prod")).stream()
        .map(Gate::gateId).toList());
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

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "POST | /api/features;x/search               | features all-api",
      "POST | /api;a=1/features;b=2/search;c=3     | features all-api",
      "POST | /api/features/search;jsessionid=ABC  | features all-api",
      "POST | /api/features%3Bx/search             | features all-api",
      "POST | /api/x/..;/features/search           | features all-api",
      "POST | /api/;x/features/search              | features all-api",
      "POST | /api/features./search                | features all-api",
      "POST | /api/features.../search              | features all-api",
      "POST | /api/features%20/search              | features all-api",
      "POST | /api/%20features%09/search           | features all-api",
      "POST | /api/features%C2%A0/search           | features all-api",
      "POST | /api/features%2E/search              | features all-api",
      "POST | /api/features/%20                    | features all-api",
      "POST | /api/features/...                    | features all-api",
      "POST | /api/features/;x                     | all-api",
      "GET  | /v1/reports;r/42/export.             | reports",
  })
  void matrixParametersTrailingDotsAndWhitespaceCannotDodgeAGate(String method, String path, String expected) {
    assertThat(gateIds(method, path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "HEAD    | /v1/reports/42/export | reports",
      "head    | /v1/reports/42/export | reports",
      "HEAD    | /api/features/search  | all-api",
      "OPTIONS | /v1/reports/42/export | ''",
      "OPTIONS | /api/features/search  | all-api",
  })
  void headCountsWhereGetDoesAndPlainOptionsOnlyWhereOptionsIs(String method, String path, String expected) {
    List<Gate> gates = MATCHER.match(new GateRequest(method, RequestPath.candidates(path, null, null), false));
    assertThat(String.join(" ", gates.stream().map(Gate::gateId).toList())).isEqualTo(expected);
  }

  @Test
  void aCorsPreflightIsNeverCounted() {
    RequestHeaders preflight = RequestHeaders.of(Map.of("Origin", "https://app.example.com",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization"));
    GateRequest r = GateRequest.of("OPTIONS", RequestPath.candidates("/api/features/search", null, null), preflight);
    assertThat(r.corsPreflight()).isTrue();
    assertThat(MATCHER.match(r)).isEmpty();
    GateRequest noMethodHeader = GateRequest.of("OPTIONS", RequestPath.candidates("/api/features/search", null, null),
        RequestHeaders.of(Map.of("Origin", "https://app.example.com")));
    assertThat(MATCHER.match(noMethodHeader)).as("an OPTIONS without Access-Control-Request-Method is no preflight")
        .extracting(Gate::gateId).containsExactly("all-api");
    GateRequest post = GateRequest.of("POST", RequestPath.candidates("/api/features/search", null, null), preflight);
    assertThat(MATCHER.match(post)).as("the preflight headers on another method change nothing")
        .extracting(Gate::gateId).containsExactly("features", "all-api");
  }

  @Test
  void theContextPathStandsInWhenTheEventHasNoPath() {
    List<Gate> gates = MATCHER.match("POST", RequestPath.candidates(null, "/prod/api/features/x", "prod"));
    assertThat(gates).extracting(Gate::gateId).containsExactly("features", "all-api");
  }
}
