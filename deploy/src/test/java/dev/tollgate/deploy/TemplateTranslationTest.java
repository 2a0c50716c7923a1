package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.local.gateway.Intrinsics;
import dev.tollgate.secrets.Secrets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The stack as CloudFormation receives it after SAM's transform (translated offline by SAM's
 * own translator): the gateway's error answers, secrets that rotate, required secrets, alarms,
 * least secret, data that survives, and the small things a deploy trips on.
 */
class TemplateTranslationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode resources(JsonNode translated) {
    return translated.path("Resources");
  }

  private static List<String> ofType(JsonNode translated, String type) {
    List<String> ids = new ArrayList<>();
    resources(translated).fields().forEachRemaining(e -> {
      if (type.equals(e.getValue().path("Type").asText())) {
        ids.add(e.getKey());
      }
    });
    return ids;
  }

  private static Map<String, String> otherSecrets(String suffix) {
    Map<String, String> p = new HashMap<>();
    for (String name : List.of("GatewaySecret", "RedisAuthToken", "JwtSecret", "UnsubscribeSecret")) {
      p.put(name, SamTranslation.REQUIRED.get(name) + "-" + suffix);
    }
    p.put("StripeWebhookSecret", "whsec_" + suffix);
    p.put("ResendApiKey", "re_" + suffix);
    return p;
  }

  @Test
  void anAuthorizerThatThrowsGetsA503WithRetryAfterAndCorsUnderBothErrorTypes() {
    JsonNode responses = SamTranslation.properties(SamTranslation.translate(), "TollgateApi").path("Body")
        .path("x-amazon-apigateway-gateway-responses");
    for (String type : List.of("AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE")) {
      JsonNode r = responses.path(type);
      assertThat(r.path("statusCode").asText()).as(type).isEqualTo("503");
      assertThat(r.path("responseParameters").path("gatewayresponse.header.Retry-After").asText()).as(type).isEqualTo("'5'");
      assertThat(r.path("responseParameters").path("gatewayresponse.header.Access-Control-Allow-Origin").toString())
          .as(type).contains("HasCors").contains("CorsAllowOrigin");
      assertThat(r.path("responseTemplates").path("application/json").asText()).as(type).contains("\"unavailable\"");
    }
  }

  @Test
  void noSecretIsBakedIntoThePublishedAuthorizerSoRotationsReachIt() throws Exception {
    Map<String, String> rotated = otherSecrets("rotated");
    JsonNode before = SamTranslation.translate();
    JsonNode after = SamTranslation.translate(rotated);
    String version = SamTranslation.logicalId(before, "AWS::Lambda::Version", "AuthorizerFunctionVersion");
    assertThat(SamTranslation.logicalId(after, "AWS::Lambda::Version", "AuthorizerFunctionVersion"))
        .as("the same version: nothing in it depends on a secret").isEqualTo(version);
    Set<String> noEcho = new TreeSet<>();
    SamTemplate.load().parameters().forEach((name, p) -> {
      if (Boolean.TRUE.equals(SamTemplate.map(p).get("NoEcho"))) {
        noEcho.add(name);
      }
    });
    assertThat(noEcho).contains("GatewaySecret", "RedisAuthToken", "JwtSecret");
    for (JsonNode t : List.of(before, after)) {
      String function = SamTranslation.properties(t, "AuthorizerFunction").toString();
      for (String p : noEcho) {
        assertThat(function).as("the authorizer's configuration references " + p).doesNotContain("\"" + p + "\"");
      }
      rotated.values().forEach(v -> assertThat(function).doesNotContain(v));
      assertThat(resources(t).path(version).toString()).doesNotContain("Secret");
    }
    JsonNode env = SamTranslation.properties(before, "AuthorizerFunction").path("Environment").path("Variables");
    assertThat(env.path(Secrets.SECRET_ARN_ENV).toString()).isEqualTo("{\"Ref\":\"AuthorizerSettings\"}");
    assertThat(env.has("REDIS_URL") || env.has("REDIS_AUTH") || env.has("JWT_SECRET")).isFalse();
    String settings = SamTranslation.properties(before, "AuthorizerSettings").path("SecretString").toString();
    assertThat(settings).contains("REDIS_URL", "REDIS_AUTH", "JWT_SECRET", "GATEWAY_SECRET", "RedisCache", "Endpoint.Address")
        .contains("${RedisAuthToken}", "${JwtSecret}", "${GatewaySecret}");
    assertThat(settings).as("the 402's upgrade link is signed at run time too").contains("UNSUBSCRIBE_SECRET",
        "${UnsubscribeSecret}");
    assertThat(resources(before).path("AuthorizerSettings").path("DependsOn").toString())
        .as("a new Redis token is accepted by the cache before the authorizer reads it").contains("RedisDefaultUser");
    assertThat(SamTranslation.properties(before, "AuthorizerFunctionRole").path("Policies").toString())
        .contains("secretsmanager:GetSecretValue").contains("{\"Ref\":\"AuthorizerSettings\"}");
    assertThat(SamTranslation.properties(before, "AuthorizerFunction").path("Layers").toString())
        .contains("SecretsExtensionLayerArn");
  }

  @Test
  void requiredSecretsHaveNoDefaultAndRefuseAnEmptyValue() throws Exception {
    Map<String, Object> params = SamTemplate.load().parameters();
    List<String> required = List.of("GatewaySecret", "RedisAuthToken", "JwtSecret", "StripeWebhookSecret", "ResendApiKey",
        "UnsubscribeSecret", "SecretsExtensionLayerArn");
    for (String name : required) {
      Map<String, Object> p = SamTemplate.map(params.get(name));
      assertThat(p).as(name).doesNotContainKey("Default");
      Object min = p.get("MinLength");
      Object pattern = p.get("AllowedPattern");
      boolean refusesEmpty = min instanceof Integer i && i > 0
          || pattern != null && !Pattern.compile(String.valueOf(pattern)).matcher("").matches();
      assertThat(refusesEmpty).as(name + " refuses an empty value").isTrue();
    }
    assertThat(Pattern.compile(String.valueOf(SamTemplate.map(params.get("ResendApiKey")).get("AllowedPattern")))
        .matcher("re_123abc").matches()).isTrue();
    assertThat(Pattern.compile(String.valueOf(SamTemplate.map(params.get("StripeWebhookSecret")).get("AllowedPattern")))
        .matcher("whsec_new,whsec_old").matches()).as("a secret roll").isTrue();
  }

  @Test
  void alarmsWatchFailClosedFailOpenAndApi5xxAsTheCodeEmitsThemNotTheAuthorizersLambdaErrors() throws Exception {
    JsonNode t = SamTranslation.translate();
    Map<String, JsonNode> alarms = new HashMap<>();
    for (String id : ofType(t, "AWS::CloudWatch::Alarm")) {
      JsonNode p = SamTranslation.properties(t, id);
      alarms.put(p.path("Namespace").asText() + "/" + p.path("MetricName").asText(), p);
      boolean authorizerErrors = p.path("Namespace").asText().equals("AWS/Lambda")
          && p.path("Dimensions").toString().contains("AuthorizerFunction");
      assertThat(authorizerErrors).as(id + ": every 401 is an authorizer Lambda error").isFalse();
    }
    for (String mode : List.of("open", "closed")) {
      List<String> lines = AuthorizerRuns.emfWhenRedisIsDown(mode);
      assertThat(lines).as(mode).hasSize(1);
      JsonNode emf = JSON.readTree(lines.get(0));
      JsonNode spec = emf.path("_aws").path("CloudWatchMetrics").get(0);
      String metric = spec.path("Metrics").get(0).path("Name").asText();
      JsonNode alarm = alarms.get(spec.path("Namespace").asText() + "/" + metric);
      assertThat(alarm).as("an alarm on " + metric).isNotNull();
      alarm.path("Dimensions").forEach(d -> assertThat(emf.path(d.path("Name").asText()).asText())
          .as(metric + " dimension " + d.path("Name").asText()).isEqualTo(d.path("Value").asText()));
    }
    JsonNode api5xx = alarms.get("AWS/ApiGateway/5XXError");
    assertThat(api5xx).isNotNull();
    Map<String, String> dims = new HashMap<>();
    api5xx.path("Dimensions").forEach(d -> dims.put(d.path("Name").asText(), d.path("Value").toString()));
    assertThat(dims.get("ApiName")).isEqualTo(SamTranslation.properties(t, "TollgateApi").path("Name").toString());
    assertThat(dims.get("Stage")).isEqualTo(SamTranslation.properties(t, "TollgateApiStage").path("StageName").toString());
  }

  @Test
  void eachFunctionGetsOnlyTheSecretsItsCodeReads() {
    JsonNode t = SamTranslation.translate();
    Map<String, Set<String>> expected = Map.of(
        "StripeWebhookFunction", Set.of("REDIS_AUTH", "STRIPE_WEBHOOK_SECRET"),
        "UpgradeDispatcherFunction", Set.of("REDIS_AUTH", "RESEND_API_KEY", "UNSUBSCRIBE_SECRET"),
        "UnsubscribeFunction", Set.of("REDIS_AUTH", "UNSUBSCRIBE_SECRET"),
        "UpgradeLinkFunction", Set.of("REDIS_AUTH", "STRIPE_API_KEY", "UNSUBSCRIBE_SECRET"),
        "AdminFunction", Set.of("REDIS_AUTH", "STRIPE_API_KEY"),
        "UsageReporterFunction", Set.of("REDIS_AUTH", "STRIPE_API_KEY"),
        "AuthorizerFunction", Set.of());
    Set<String> secretNames = Set.of("REDIS_AUTH", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_KEY", "RESEND_API_KEY",
        "UNSUBSCRIBE_SECRET", "JWT_SECRET", "GATEWAY_SECRET");
    expected.forEach((fn, secrets) -> {
      Set<String> present = new TreeSet<>();
      SamTranslation.properties(t, fn).path("Environment").path("Variables").fieldNames().forEachRemaining(n -> {
        if (secretNames.contains(n)) {
          present.add(n);
        }
      });
      assertThat(present).as(fn).isEqualTo(new TreeSet<>(secrets));
    });
  }

  @SuppressWarnings("unchecked")
  @Test
  void theCacheKeepsSnapshotsHasCapsAndANameThatChangesWithEveryReplacement() {
    JsonNode t = SamTranslation.translate();
    JsonNode cache = SamTranslation.properties(t, "RedisCache");
    assertThat(cache.path("SnapshotRetentionLimit").toString()).contains("CacheSnapshotRetentionDays");
    assertThat(cache.path("DailySnapshotTime").toString()).contains("CacheDailySnapshotTime");
    assertThat(cache.path("FinalSnapshotName").isMissingNode()).as("a snapshot whenever the cache is deleted").isFalse();
    assertThat(cache.path("SnapshotArnsToRestore").toString()).contains("CacheSnapshotArnToRestore");
    assertThat(cache.path("CacheUsageLimits").toString()).contains("CacheMaxDataStorageGB").contains("CacheMaxECPUPerSecond");
    String name = cache.path("ServerlessCacheName").toString();
    assertThat(name).as("named after the security group that is replaced with it").contains("RedisSecurityGroup");
    String description = SamTranslation.properties(t, "RedisSecurityGroup").path("GroupDescription").toString();
    // every input SubnetIds and SnapshotArnsToRestore take (create-only: they force a replacement)
    for (String input : List.of("PrivateSubnetA", "PrivateSubnetB", "PrivateSubnetIds", "CacheSnapshotArnToRestore")) {
      assertThat(description).as("a change of " + input + " replaces the group too").contains(input);
    }
    Map<String, String> caps = Map.of("CacheMaxDataStorageGB", "0", "CacheMaxECPUPerSecond", "0");
    Map<String, Object> uncapped = (Map<String, Object>) new Intrinsics(JSON
        .convertValue(t, Map.class), caps).eval(JSON
        .convertValue(cache.path("CacheUsageLimits"), Map.class));
    assertThat(uncapped).as("0 = no cap").isEmpty();
  }

  @Test
  void oneStageOnlyAndNatGatewaysOnlyInAVpcTheStackCreates() throws Exception {
    JsonNode t = SamTranslation.translate();
    assertThat(ofType(t, "AWS::ApiGateway::Stage")).hasSize(1);
    String deployment = SamTranslation.logicalId(t, "AWS::ApiGateway::Deployment", "TollgateApiDeployment");
    assertThat(SamTranslation.properties(t, deployment).has("StageName")).as("no stage named Stage").isFalse();
    Map<String, Object> conditions = SamTemplate.load().conditions();
    for (String type : List.of("AWS::EC2::NatGateway", "AWS::EC2::EIP")) {
      List<String> ids = ofType(t, type);
      assertThat(ids).as(type).hasSize(2);
      for (String id : ids) {
        String cond = resources(t).path(id).path("Condition").asText();
        assertThat(cond).as(id).isIn("CreateVpc", "NatPerAz");
      }
    }
    assertThat(conditions.get("NatPerAz").toString()).contains("CreateVpc").contains("PerAz");
  }

  @Test
  void theUpgradeLinkRouteHasNoAuthorizerAndItsFunctionRunsInTheVpcWithNoExtraPermissions() {
    JsonNode t = SamTranslation.translate();
    JsonNode paths = SamTranslation.properties(t, "TollgateApi").path("Body").path("paths");
    JsonNode get = paths.path("/billing/upgrade").path("get");
    assertThat(get.isMissingNode()).as("GET /billing/upgrade is routed").isFalse();
    assertThat(get.path("security").toString()).as("SAM's mark for no authorizer on the upgrade link")
        .isEqualTo("[{\"NONE\":[]}]");
    assertThat(get.path("x-amazon-apigateway-integration").path("uri").toString()).contains("UpgradeLinkFunction");
    assertThat(paths.path("/billing/upgrade").size()).as("GET only").isEqualTo(1);
    assertThat(paths.path("/{proxy+}").path("x-amazon-apigateway-any-method").path("security").toString())
        .as("the backend still sits behind the usage authorizer").contains("UsageAuthorizer");
    JsonNode fn = SamTranslation.properties(t, "UpgradeLinkFunction");
    assertThat(fn.path("VpcConfig").path("SecurityGroupIds").toString()).contains("FunctionSecurityGroup");
    assertThat(fn.path("VpcConfig").path("SubnetIds").isMissingNode()).isFalse();
    assertThat(fn.path("Handler").asText()).isEqualTo("dev.tollgate.stripe.UpgradeLinkHandler::handleRequest");
    JsonNode role = SamTranslation.properties(t, "UpgradeLinkFunctionRole");
    assertThat(role.path("ManagedPolicyArns").toString()).contains("AWSLambdaBasicExecutionRole")
        .contains("AWSLambdaVPCAccessExecutionRole");
    assertThat(role.path("Policies").isMissingNode() || role.path("Policies").isEmpty())
        .as("no permissions beyond logs and VPC networking: it talks to Redis and Stripe only").isTrue();
  }
}
