package dev.tollgate.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** template.yaml's API as the local gateway reads it, and where it finds the file. */
class GatewayTemplateTest {
  static final Path REPO_TEMPLATE = Path.of("..", "template.yaml").toAbsolutePath().normalize();

  private static GatewayTemplate template(Map<String, String> parameters) {
    return GatewayTemplate.of(TemplateSource.locate().template(), parameters, "test");
  }

  @Test
  void runFromTheCheckoutItReadsTheRepositorysTemplateAndTheJarCarriesACopyOfIt() throws Exception {
    assertThat(TemplateSource.locate().source()).isEqualTo(REPO_TEMPLATE.toString());
    try (InputStream packed = TemplateSource.class.getResourceAsStream(TemplateSource.PACKED)) {
      assertThat(packed).as("packed at build time").isNotNull();
      assertThat(packed.readAllBytes()).isEqualTo(Files.readAllBytes(REPO_TEMPLATE));
    }
  }

  @Test
  void theDenyResponseIsThe402TemplateFilledFromTheAuthorizerContext() {
    GatewayResponse.Rendered r = template(Map.of()).response("ACCESS_DENIED").orElseThrow().render(Map.of(
        "code", "usage_limit_exceeded", "message", "Say \\\"hi\\\"", "upgradeUrl", "https://x/?a=1", "limit", "3",
        "used", "3", "resetAt", "2030-01-01T00:00:00Z", "userId", "a\\\"b", "accountId", "@acme"), Map.of());
    assertThat(r.status()).isEqualTo(402);
    assertThat(r.headers()).as("no CorsAllowOrigin: no CORS header").isEmpty();
    JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
    assertThat(body.get("message").getAsString()).isEqualTo("Say \"hi\"");
    assertThat(body.get("limit").getAsInt()).isEqualTo(3);
    assertThat(body.get("error").getAsString()).isEqualTo("usage_limit_exceeded");
    assertThat(body.get("userId").getAsString()).isEqualTo("a\"b");
    assertThat(body.get("accountId").getAsString()).isEqualTo("@acme");
  }

  @Test
  void bothAuthorizerErrorTypesAre503WithRetryAfterAndCorsWhenTheParameterIsSet() {
    GatewayTemplate t = template(Map.of("CorsAllowOrigin", "https://app.example.com"));
    for (String type : new String[] {"AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE"}) {
      GatewayResponse.Rendered r = t.response(type).orElseThrow().render(Map.of(), Map.of());
      assertThat(r.status()).as(type).isEqualTo(503);
      assertThat(r.headers()).as(type).containsEntry("Retry-After", "5")
          .containsEntry("Access-Control-Allow-Origin", "https://app.example.com");
    }
  }

  @Test
  void theProxyRoutesRunTheAuthorizerAndMapTheGatewaysHeadersButThePreflightDoesNot() {
    GatewayTemplate t = template(Map.of());
    Route any = t.route("POST", "/api/features/search").orElseThrow();
    assertThat(any.resource()).isEqualTo("/{proxy+}");
    assertThat(any.authorized()).isTrue();
    assertThat(any.forwarded("ada", Map.of("plan", "free"), Map.of())).containsEntry("X-Tollgate-User", "ada")
        .containsEntry("X-Tollgate-Plan", "free").containsEntry("X-Tollgate-Loop", "");
    Route root = t.route("GET", "/").orElseThrow();
    assertThat(root.resource()).isEqualTo("/");
    assertThat(root.headers()).isEqualTo(any.headers());
    Route preflight = t.route("OPTIONS", "/api/features/search").orElseThrow();
    assertThat(preflight.authorized()).isFalse();
    assertThat(preflight.headers()).isEmpty();
  }

  @Test
  void whatTheLocalGatewayCannotRenderIsRefusedByName() {
    assertThatThrownBy(() -> new GatewayResponse("X", 500, Map.of(), "application/json", "{\"id\":\"$context.requestId\"}"))
        .hasMessageContaining("$context.requestId");
    assertThatThrownBy(() -> new GatewayResponse("X", 500, Map.of("H", "stageVariables.h"), "application/json", "{}"))
        .hasMessageContaining("stageVariables.h");
    assertThatThrownBy(() -> new Route("/", true, Map.of("H", "context.identity.sourceIp")))
        .hasMessageContaining("context.identity.sourceIp");
  }

  @Test
  void intrinsicsEvaluateAsCloudFormationDoesOrNameWhatOnlyAwsKnows() {
    Map<String, Object> t = CfnTemplate.parse("""
        Parameters:
          Origin: { Type: String, Default: "" }
          Subnets: { Type: CommaDelimitedList, Default: "a,b" }
        Conditions:
          HasOrigin: !Not [!Equals [!Ref Origin, ""]]
        Resources: {}
        """);
    Intrinsics off = new Intrinsics(t, Map.of());
    Intrinsics on = new Intrinsics(t, Map.of("Origin", "https://x"));
    Object header = CfnTemplate.parse("v: !If [HasOrigin, !Sub \"'${Origin}'\", !Ref AWS::NoValue]").get("v");
    assertThat(on.eval(header)).isEqualTo("'https://x'");
    assertThat(off.eval(Map.of("h", header))).isEqualTo(Map.of());
    assertThat(off.eval(CfnTemplate.parse("v: !Join [\"-\", !Ref Subnets]").get("v"))).isEqualTo("a-b");
    assertThatThrownBy(() -> off.eval(CfnTemplate.parse("v: !GetAtt Cache.Endpoint").get("v")))
        .hasMessageContaining("Fn::GetAtt");
    assertThatThrownBy(() -> off.eval(CfnTemplate.parse("v: !Ref SomeResource").get("v"))).hasMessageContaining("SomeResource");
  }
}
