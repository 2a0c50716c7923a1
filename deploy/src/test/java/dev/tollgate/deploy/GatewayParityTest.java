package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.local.gateway.GatewayResponse;
import dev.tollgate.local.gateway.GatewayTemplate;
import dev.tollgate.local.gateway.Intrinsics;
import dev.tollgate.local.gateway.TemplateSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One source of truth: every gateway response, rendered from what SAM deploys (the translated
 * API's {@code x-amazon-apigateway-gateway-responses}, evaluated for the parameters) and by
 * the local gateway (which reads template.yaml), is the same status, headers and body, for the
 * authorizer's real Deny context; with and without a CORS origin.
 */
class GatewayParityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CONTEXT = Pattern.compile("\\$context\\.authorizer\\.([A-Za-z0-9_]+)");
  private static final Pattern CONTEXT_HEADER = Pattern.compile("context\\.authorizer\\.([A-Za-z0-9_]+)");

  /** The authorizer's Deny context as API Gateway hands it to the template: strings. */
  private static Map<String, String> denyContext() throws Exception {
    for (IamPolicyResponseV1 p : AuthorizerRuns.everySituation()) {
      if (!AuthorizerRuns.allows(p)) {
        Map<String, String> ctx = new LinkedHashMap<>();
        p.getContext().forEach((k, v) -> ctx.put(k, String.valueOf(v)));
        return ctx;
      }
    }
    throw new AssertionError("no Deny among the authorizer's answers");
  }

  /** As API Gateway renders a translated response: static headers, $context.authorizer.* pasted in. */
  private static GatewayResponse.Rendered deployed(Map<String, Object> response, Map<String, String> ctx) {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<?, ?> params = (Map<?, ?>) response.getOrDefault("responseParameters", Map.of());
    params.forEach((k, v) -> {
      String name = String.valueOf(k);
      String value = String.valueOf(v);
      assertThat(name).startsWith("gatewayresponse.header.");
      Matcher fromContext = CONTEXT_HEADER.matcher(value);
      if (fromContext.matches()) {
        // a context value (Retry-After): a Deny without it (feature denial) sends no such header
        String mapped = ctx.get(fromContext.group(1));
        if (mapped != null && !mapped.isEmpty()) {
          headers.put(name.substring("gatewayresponse.header.".length()), mapped);
        }
        return;
      }
      assertThat(value).as(name + " is a static value or context.authorizer.*").startsWith("'").endsWith("'");
      headers.put(name.substring("gatewayresponse.header.".length()), value.substring(1, value.length() - 1));
    });
    Map<?, ?> templates = (Map<?, ?>) response.get("responseTemplates");
    Matcher m = CONTEXT.matcher(String.valueOf(templates.get("application/json")));
    StringBuilder body = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(body, Matcher.quoteReplacement(ctx.getOrDefault(m.group(1), "")));
    }
    m.appendTail(body);
    return new GatewayResponse.Rendered(Integer.parseInt(String.valueOf(response.get("statusCode"))), headers,
        "application/json", body.toString());
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest
  @ValueSource(strings = {"", "https://app.example.com"})
  void everyGatewayResponseIsTheSameDeployedAndLocal(String corsOrigin) throws Exception {
    Map<String, String> params = Map.of("CorsAllowOrigin", corsOrigin);
    JsonNode translated = SamTranslation.translate(params);
    Map<String, Object> translatedMap = JSON.convertValue(translated, Map.class);
    Map<String, Object> responses = (Map<String, Object>) new Intrinsics(translatedMap, params).eval(JSON.convertValue(
        SamTranslation.properties(translated, "TollgateApi").path("Body").path("x-amazon-apigateway-gateway-responses"),
        Map.class));
    GatewayTemplate local = GatewayTemplate.of(TemplateSource.locate().template(), params, "repository");
    assertThat(new TreeSet<>(local.responseTypes())).isEqualTo(new TreeSet<>(responses.keySet()))
        .contains("ACCESS_DENIED", "UNAUTHORIZED", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE");
    Map<String, String> ctx = denyContext();
    for (String type : responses.keySet()) {
      for (Map<String, String> c : List.of(ctx, Map.<String, String>of())) {
        GatewayResponse.Rendered aws = deployed((Map<String, Object>) responses.get(type), c);
        GatewayResponse.Rendered emulated = local.response(type).orElseThrow().render(c, Map.of());
        assertThat(emulated).as(type + " with CorsAllowOrigin '" + corsOrigin + "'").isEqualTo(aws);
      }
    }
    if (!corsOrigin.isEmpty()) {
      assertThat(local.response("ACCESS_DENIED").orElseThrow().render(ctx, Map.of()).headers())
          .containsEntry("Access-Control-Allow-Origin", corsOrigin);
    }
    assertThat(local.response("ACCESS_DENIED").orElseThrow().render(ctx, Map.of()).headers().get("Retry-After"))
        .as("the seconds to the reset").isEqualTo(ctx.get("retryAfter")).matches("[0-9]+");
    JsonNode body = JSON.readTree(local.response("ACCESS_DENIED").orElseThrow().render(ctx, Map.of()).body());
    assertThat(body.get("limit").isNumber()).isTrue();
    assertThat(body.get("error").asText()).isEqualTo("usage_limit_exceeded");
  }
}
