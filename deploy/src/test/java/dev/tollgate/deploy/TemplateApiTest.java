package dev.tollgate.deploy;

import static dev.tollgate.deploy.SamTemplate.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API settings the design depends on: the usage authorizer as default with caching off
 * (or calls go uncounted), pointed at the SnapStart alias; the 402/401/503 gateway responses
 * built from the authorizer's context; the webhook and unsubscribe routes without it.
 */
class TemplateApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SamTemplate t;
  private static Map<String, Object> api;

  @BeforeAll
  static void load() throws Exception {
    t = SamTemplate.load();
    assertThat(t.ofType("AWS::Serverless::Api")).containsOnlyKeys("TollgateApi");
    api = t.properties("TollgateApi");
  }

  @Test
  void theUsageAuthorizerIsTheDefaultRequestAuthorizerWithCachingOff() {
    Object name = at(api, "Auth", "DefaultAuthorizer");
    Map<String, Object> authorizer = SamTemplate.map(at(api, "Auth", "Authorizers", String.valueOf(name)));
    assertThat(authorizer.get("FunctionPayloadType")).isEqualTo("REQUEST");
    assertThat(at(authorizer, "Identity", "ReauthorizeEvery")).isEqualTo(0);
    assertThat(authorizer.get("FunctionArn")).isEqualTo(Map.of("Ref", "AuthorizerFunction.Alias"));
    // No identity source: API Gateway would answer 401 itself to x-api-key callers.
    assertThat(SamTemplate.map(authorizer.get("Identity"))).containsOnlyKeys("ReauthorizeEvery");
  }

  @Test
  void theAuthorizerPublishesASnapStartAliasWithShortTimeoutAndColdStartFlags() {
    for (String other : new String[] {"StripeWebhookFunction", "UpgradeDispatcherFunction", "UnsubscribeFunction"}) {
      assertThat(String.valueOf(at(t.properties(other), "Environment", "Variables", "JAVA_TOOL_OPTIONS")))
          .as("%s starts cold without SnapStart: C1 only", other).contains("TieredStopAtLevel=1");
    }
    Map<String, Object> fn = t.properties("AuthorizerFunction");
    assertThat(fn.get("AutoPublishAlias")).isEqualTo("live");
    assertThat(at(fn, "SnapStart", "ApplyOn")).isEqualTo("PublishedVersions");
    assertThat((Integer) t.functionProperty("AuthorizerFunction", "Timeout")).isBetween(1, 10);
    assertThat((Integer) t.functionProperty("AuthorizerFunction", "MemorySize")).isBetween(512, 2048);
    assertThat(String.valueOf(at(fn, "Environment", "Variables", "JAVA_TOOL_OPTIONS")))
        .as("SnapStart restores a primed JVM; C1-only would cap its steady-state speed").doesNotContain("TieredStopAtLevel");
    assertThat(t.functionProperty("AuthorizerFunction", "Runtime")).isEqualTo("java21");
  }

  @Test
  void accessDeniedIs402WithTheAuthorizersDenyContextAsJson() throws Exception {
    Map<String, Object> r = SamTemplate.map(at(api, "GatewayResponses", "ACCESS_DENIED"));
    assertThat(r.get("StatusCode")).isEqualTo("402");
    JsonNode body = render(String.valueOf(at(r, "ResponseTemplates", "application/json")));
    assertThat(body.get("error").asText()).isEqualTo("ctx:code");
    assertThat(body.get("message").asText()).isEqualTo("ctx:message");
    assertThat(body.get("upgradeUrl").asText()).isEqualTo("ctx:upgradeUrl");
    assertThat(body.get("resetAt").asText()).isEqualTo("ctx:resetAt");
    assertThat(body.get("limit").isNumber()).as("limit is a JSON number").isTrue();
    assertThat(body.get("used").isNumber()).as("used is a JSON number").isTrue();
  }

  @Test
  void unauthorizedIs401AndBothAuthorizerErrorsAre503WithRetryAfter() throws Exception {
    Map<String, Object> unauthorized = SamTemplate.map(at(api, "GatewayResponses", "UNAUTHORIZED"));
    assertThat(unauthorized.get("StatusCode")).isEqualTo("401");
    assertThat(render(String.valueOf(at(unauthorized, "ResponseTemplates", "application/json"))))
        .isEqualTo(JSON.readTree("{\"error\":\"unauthorized\",\"message\":\"Missing or invalid credentials\"}"));
    for (String type : List.of("AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR")) {
      Map<String, Object> failure = SamTemplate.map(at(api, "GatewayResponses", type));
      assertThat(failure.get("StatusCode")).as(type).isEqualTo("503");
      assertThat(at(failure, "ResponseParameters", "Headers", "Retry-After")).as(type).isNotNull();
      assertThat(render(String.valueOf(at(failure, "ResponseTemplates", "application/json"))).has("error")).isTrue();
    }
  }

  @Test
  void gatewayResponsesCarryTheCorsOriginOnlyWhenTheParameterIsSet() {
    for (String response : List.of("ACCESS_DENIED", "UNAUTHORIZED", "AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR")) {
      Object origin = at(api, "GatewayResponses", response, "ResponseParameters", "Headers", "Access-Control-Allow-Origin");
      assertThat(origin).as(response).isEqualTo(Map.of("Fn::If",
          List.of("HasCors", Map.of("Fn::Sub", "'${CorsAllowOrigin}'"), Map.of("Ref", "AWS::NoValue"))));
    }
    assertThat(t.conditions().get("HasCors")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals",
        List.of(Map.of("Ref", "CorsAllowOrigin"), "")))));
  }

  @Test
  void webhookUnsubscribeAndUpgradeLinkRoutesBypassTheAuthorizer() {
    Map<String, Object> events = new LinkedHashMap<>(SamTemplate.map(t.properties("StripeWebhookFunction").get("Events")));
    events.putAll(SamTemplate.map(t.properties("UnsubscribeFunction").get("Events")));
    events.putAll(SamTemplate.map(t.properties("UpgradeLinkFunction").get("Events")));
    assertThat(events).isNotEmpty().allSatisfy((name, e) -> {
      assertThat(at(e, "Type")).as(name).isEqualTo("Api");
      assertThat(at(e, "Properties", "Auth", "Authorizer")).as(name).isEqualTo("NONE");
      assertThat(at(e, "Properties", "RestApiId")).as(name).isEqualTo(Map.of("Ref", "TollgateApi"));
    });
    assertThat(events.values()).extracting(e -> at(e, "Properties", "Path") + " " + at(e, "Properties", "Method"))
        .contains("/stripe/webhook POST", "/email/unsubscribe GET", "/email/unsubscribe POST",
            "/email/unsubscribe/{proxy+} GET", "/email/unsubscribe/{proxy+} POST", "/billing/upgrade GET");
  }

  @Test
  void theBackendIsProxiedBehindTheAuthorizerAndTheDispatcherRunsOnASchedule() {
    assertThat(api.get("MergeDefinitions")).isEqualTo(true);
    Object integration = at(api, "DefinitionBody", "paths", "/{proxy+}", "x-amazon-apigateway-any-method",
        "x-amazon-apigateway-integration");
    assertThat(at(integration, "type")).isEqualTo("http_proxy");
    assertThat(at(integration, "uri")).isEqualTo(Map.of("Fn::Sub", "${BackendUrl}/{proxy}"));
    Map<String, Object> schedule = SamTemplate.map(at(t.properties("UpgradeDispatcherFunction"), "Events", "Every5Minutes"));
    assertThat(schedule.get("Type")).isEqualTo("Schedule");
    assertThat(at(schedule, "Properties", "Schedule")).isEqualTo("rate(5 minutes)");
    assertThat(at(schedule, "Properties", "DeadLetterConfig", "Type")).isEqualTo("SQS");
    assertThat(at(schedule, "Properties", "RetryPolicy")).isNotNull();
  }

  @Test
  void everyFunctionRunsInTheVpcOnJava21WithItsOwnLogGroup() {
    assertThat(t.ofType("AWS::Serverless::Function").keySet()).allSatisfy(fn -> {
      assertThat(t.functionProperty(fn, "Runtime")).as(fn).isEqualTo("java21");
      assertThat(at(t.functionProperty(fn, "VpcConfig"), "SecurityGroupIds")).as(fn).isNotNull();
      Object logGroup = at(t.functionProperty(fn, "LoggingConfig"), "LogGroup");
      assertThat(logGroup).as(fn).isInstanceOf(Map.class);
      String id = String.valueOf(SamTemplate.map(logGroup).get("Ref"));
      assertThat(t.resource(id).get("Type")).as(fn).isEqualTo("AWS::Logs::LogGroup");
      assertThat(at(t.resource(id), "Properties", "RetentionInDays")).as(fn).isNotNull();
    });
  }

  /** The response template with sample context values pasted in, as API Gateway does, parsed as JSON. */
  private static JsonNode render(String template) throws Exception {
    String body = template.replace("$context.authorizer.limit", "100").replace("$context.authorizer.used", "101")
        .replaceAll("\\$context\\.authorizer\\.(\\w+)", "ctx:$1");
    return JSON.readTree(body);
  }
}
