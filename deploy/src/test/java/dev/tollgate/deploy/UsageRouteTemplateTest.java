package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.authorizer.UsageEndpointHandler;
import dev.tollgate.local.gateway.GatewayResponse;
import dev.tollgate.local.gateway.GatewayTemplate;
import dev.tollgate.local.gateway.Route;
import dev.tollgate.local.gateway.TemplateSource;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /usage} as SAM deploys it: a route behind the usage authorizer (which never counts
 * it) to {@code UsageFunction}, the authorizer jar's second handler, in the VPC with no AWS
 * permission beyond Lambda's defaults; the local gateway serves the same route; and the 402
 * maps the authorizer's {@code retryAfter} into {@code Retry-After}.
 */
class UsageRouteTemplateTest {
  static SamTemplate t;

  @BeforeAll
  static void load() throws Exception {
    t = SamTemplate.load();
  }

  @Test
  void theUsageFunctionIsTheAuthorizerJarsSecondHandlerInTheVpcWithOnlyRedis() {
    Map<String, Object> p = t.properties("UsageFunction");
    assertThat(p.get("CodeUri")).isEqualTo("functions/authorizer/target/authorizer.jar");
    assertThat(p.get("Handler")).isEqualTo(UsageEndpointHandler.class.getName() + "::handleRequest");
    assertThat(p).as("read-only: no policy of its own").doesNotContainKey("Policies");
    assertThat(t.functionProperty("UsageFunction", "VpcConfig")).as("the cache is VPC-only").isNotNull();
    assertThat(SamTemplate.map(SamTemplate.at(p, "Environment", "Variables")).keySet())
        .containsExactlyInAnyOrder("REDIS_URL", "REDIS_AUTH", "JAVA_TOOL_OPTIONS");
    assertThat(SamTemplate.at(p, "LoggingConfig", "LogGroup")).isEqualTo(Map.of("Ref", "UsageLogGroup"));
  }

  @Test
  void samDeploysGetUsageBehindTheUsageAuthorizerToTheUsageFunction() {
    JsonNode translated = SamTranslation.translate();
    JsonNode get = SamTranslation.properties(translated, "TollgateApi").path("Body").path("paths")
        .path(UsageEndpointHandler.RESOURCE).path("get");
    assertThat(get.isMissingNode()).as("GET /usage is a route of the API").isFalse();
    assertThat(get.path("security").toString()).contains("UsageAuthorizer");
    JsonNode integration = get.path("x-amazon-apigateway-integration");
    assertThat(integration.path("type").asText()).isEqualTo("aws_proxy");
    assertThat(integration.path("uri").toString()).contains("UsageFunction");
    assertThat(translated.path("Resources").path("UsageFunctionRole").path("Properties").path("Policies").isMissingNode()
        || translated.path("Resources").path("UsageFunctionRole").path("Properties").path("Policies").isEmpty())
        .as("no inline policy: logs and VPC networking only").isTrue();
    assertThat(translated.path("Resources").path("UsageFunctionRole").path("Properties").path("ManagedPolicyArns")
        .toString()).contains("AWSLambdaVPCAccessExecutionRole");
  }

  @Test
  void theLocalGatewayServesGetUsageThroughTheAuthorizerToTheSameFunction() {
    GatewayTemplate local = GatewayTemplate.of(TemplateSource.locate().template(), Map.of(), "repository");
    Route usage = local.route("GET", "/usage").orElseThrow();
    assertThat(usage.authorized()).isTrue();
    assertThat(usage.function()).isEqualTo("UsageFunction");
    assertThat(usage.resource()).isEqualTo(UsageEndpointHandler.RESOURCE);
    assertThat(local.route("POST", "/usage")).as("only GET, as API Gateway: no method there").isEmpty();
    assertThat(local.route("GET", "/usage/x").orElseThrow().function()).as("deeper paths are the backend's").isNull();
  }

  @Test
  void the402MapsTheSecondsToTheResetIntoRetryAfter() {
    JsonNode denied = SamTranslation.properties(SamTranslation.translate(), "TollgateApi").path("Body")
        .path("x-amazon-apigateway-gateway-responses").path("ACCESS_DENIED");
    assertThat(denied.path("responseParameters").path("gatewayresponse.header.Retry-After").asText())
        .isEqualTo("context.authorizer.retryAfter");
    GatewayResponse local = GatewayTemplate.of(TemplateSource.locate().template(), Map.of(), "repository")
        .response("ACCESS_DENIED").orElseThrow();
    assertThat(local.render(Map.of("retryAfter", "3600", "limit", "5", "used", "5"), Map.of()).headers())
        .containsEntry("Retry-After", "3600");
    assertThat(local.render(Map.of("code", "feature_unavailable", "limit", "-1", "used", "0"), Map.of()).headers())
        .as("a feature denial: no wait cures it").doesNotContainKey("Retry-After");
  }
}
