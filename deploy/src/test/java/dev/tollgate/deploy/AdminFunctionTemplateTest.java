package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code AdminFunction}, the operators' way into a deployed stack, is reachable with IAM
 * only: no event source, no function URL, no API Gateway route or resource-based permission
 * (checked on the template and, where SAM's translator is installed, on what SAM makes of it),
 * inside the VPC with the other functions; a managed policy grants exactly its invocation.
 */
class AdminFunctionTemplateTest {
  static SamTemplate t;

  @BeforeAll
  static void load() throws Exception {
    t = SamTemplate.load();
  }

  @Test
  void adminFunctionHasNoEventNoUrlAndRunsTheAdminHandlerInTheVpc() {
    Map<String, Object> p = t.properties("AdminFunction");
    assertThat(p).doesNotContainKeys("Events", "FunctionUrlConfig");
    assertThat(p.get("Handler")).isEqualTo("dev.tollgate.admin.AdminHandler::handleRequest");
    assertThat(p.get("CodeUri")).isEqualTo("functions/admin/target/admin.jar");
    assertThat(t.functionProperty("AdminFunction", "VpcConfig")).as("the cache is VPC-only").isNotNull();
    assertThat(SamTemplate.at(p, "LoggingConfig", "LogGroup")).isEqualTo(Map.of("Ref", "AdminLogGroup"));
    assertThat(SamTemplate.at(p, "Environment", "Variables", "STRIPE_API_KEY")).as("reconcile reads Stripe")
        .isEqualTo(Map.of("Ref", "StripeSecretKey"));
    t.ofType("AWS::Lambda::Permission").forEach((id, r) -> assertThat(String.valueOf(r)).as(id)
        .doesNotContain("AdminFunction"));
    t.ofType("AWS::Lambda::Url").forEach((id, r) -> assertThat(String.valueOf(r)).as(id).doesNotContain("AdminFunction"));
  }

  @Test
  void theInvokePolicyGrantsOnlyInvokingTheAdminFunctionAndIsAnOutput() {
    List<?> statements = (List<?>) SamTemplate.at(t.properties("AdminInvokePolicy"), "PolicyDocument", "Statement");
    assertThat(statements).singleElement().isEqualTo(Map.of("Effect", "Allow", "Action", "lambda:InvokeFunction",
        "Resource", Map.of("Fn::GetAtt", List.of("AdminFunction", "Arn"))));
    Map<String, Object> outputs = SamTemplate.map(t.doc().get("Outputs"));
    assertThat(SamTemplate.at(outputs, "AdminFunctionName", "Value")).isEqualTo(Map.of("Ref", "AdminFunction"));
    assertThat(SamTemplate.at(outputs, "AdminInvokePolicyArn", "Value")).isEqualTo(Map.of("Ref", "AdminInvokePolicy"));
  }

  @Test
  void samTranslatesItWithoutAnyRouteOrPermissionToTheAdminFunction() {
    JsonNode resources = SamTranslation.translate().path("Resources");
    resources.fields().forEachRemaining(e -> {
      String type = e.getValue().path("Type").asText();
      if (type.startsWith("AWS::ApiGateway::") || type.equals("AWS::Lambda::Permission") || type.equals("AWS::Lambda::Url")
          || type.startsWith("AWS::Events::") || type.startsWith("AWS::Scheduler::")) {
        assertThat(e.getValue().toString()).as("%s (%s) must not reach AdminFunction", e.getKey(), type)
            .doesNotContain("AdminFunction");
      }
    });
    assertThat(resources.path("AdminFunction").path("Properties").path("VpcConfig").isMissingNode()).isFalse();
    assertThat(resources.path("AdminFunctionRole").path("Properties").path("ManagedPolicyArns").toString())
        .contains("AWSLambdaVPCAccessExecutionRole");
  }
}
