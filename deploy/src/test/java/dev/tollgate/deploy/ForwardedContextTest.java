package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.authorizer.ForwardedContext;
import dev.tollgate.local.gateway.GatewayTemplate;
import dev.tollgate.local.gateway.Route;
import dev.tollgate.local.gateway.TemplateSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A backend that can trust the gate: every context value the authorizer can put on an Allow
 * is a {@link ForwardedContext} key, present on every Allow, and set as its X-Tollgate-*
 * header (the RateLimit fields under their IETF names) by both proxy routes of the API SAM
 * deploys and by the local gateway; the CORS preflight, which skips the authorizer, sets none;
 * what a Deny carries reaches the 402's body or headers.
 */
class ForwardedContextTest {
  private static final String HEADER = "integration.request.header.";

  /** The integration header mappings ForwardedContext calls for: header → mapping expression. */
  private static Map<String, String> expected() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ForwardedContext.PRINCIPAL_HEADER, "context.authorizer.principalId");
    for (String k : ForwardedContext.KEYS) {
      m.put(ForwardedContext.header(k), "context.authorizer." + k);
    }
    return m;
  }

  private static JsonNode method(String path, String method) {
    return SamTranslation.properties(SamTranslation.translate(), "TollgateApi").path("Body").path("paths").path(path)
        .path(method);
  }

  private static Map<String, String> headerMappings(JsonNode method) {
    Map<String, String> out = new LinkedHashMap<>();
    method.path("x-amazon-apigateway-integration").path("requestParameters").fields().forEachRemaining(e -> {
      if (e.getKey().startsWith(HEADER)) {
        out.put(e.getKey().substring(HEADER.length()), e.getValue().asText());
      }
    });
    return out;
  }

  @Test
  void everyKeyTheAuthorizerCanPutOnAnAllowIsForwardedAndEveryAllowCarriesThemAll() throws Exception {
    assertThat(AuthorizerRuns.contextKeys(true)).isEqualTo(new TreeSet<>(ForwardedContext.KEYS));
    for (IamPolicyResponseV1 p : AuthorizerRuns.everySituation()) {
      if (AuthorizerRuns.allows(p)) {
        assertThat(p.getContext()).as("so the gateway always overwrites the client's header")
            .containsKeys(ForwardedContext.KEYS.toArray(String[]::new))
            .containsEntry(ForwardedContext.GATEWAY_SECRET, AuthorizerRuns.GATEWAY_SECRET);
      }
    }
  }

  @Test
  void bothProxyRoutesOfTheDeployedApiSetEveryKeyAsItsHeaderBehindTheAuthorizer() {
    for (String path : List.of("/", "/{proxy+}")) {
      JsonNode any = method(path, "x-amazon-apigateway-any-method");
      assertThat(headerMappings(any)).as(path).isEqualTo(expected());
      assertThat(any.path("security").toString()).as(path).contains("UsageAuthorizer");
    }
    JsonNode preflight = method("/{proxy+}", "options");
    assertThat(preflight.has("security")).as("the preflight skips the authorizer").isFalse();
    assertThat(headerMappings(preflight)).isEmpty();
  }

  @Test
  void theLocalGatewaySetsTheSameHeadersOnTheSameRoutes() {
    GatewayTemplate local = GatewayTemplate.of(TemplateSource.locate().template(), Map.of(), "repository");
    Map<String, String> deployed = headerMappings(method("/{proxy+}", "x-amazon-apigateway-any-method"));
    for (String path : List.of("/", "/api/features/search")) {
      Route r = local.route("POST", path).orElseThrow();
      assertThat(r.authorized()).as(path).isTrue();
      assertThat(r.headers()).as(path).isEqualTo(deployed);
    }
    Route preflight = local.route("OPTIONS", "/api/features/search").orElseThrow();
    assertThat(preflight.authorized()).isFalse();
    assertThat(preflight.headers()).isEmpty();
  }

  @Test
  void whatADenyCarriesIsRenderedIntoThe402OrForwarded() throws Exception {
    JsonNode denied = SamTranslation.properties(SamTranslation.translate(), "TollgateApi").path("Body")
        .path("x-amazon-apigateway-gateway-responses").path("ACCESS_DENIED");
    String template = denied.path("responseTemplates").path("application/json").asText();
    String headers = denied.path("responseParameters").toString();
    Set<String> denyKeys = AuthorizerRuns.contextKeys(false);
    assertThat(denyKeys).contains("code", "message", "upgradeUrl", "retryAfter");
    assertThat(denyKeys).allSatisfy(k -> assertThat(template.contains("$context.authorizer." + k)
        || headers.contains("\"context.authorizer." + k + "\"") || ForwardedContext.KEYS.contains(k)).as(k).isTrue());
  }
}
