package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
  void samTranslatesItWithoutAnyRouteOrPermissionToTheAdminFunction() throws Exception {
    String translated = translate();
    Map<String, Object> resources = SamTemplate.map(SamTemplate.map(CfnYaml.parse(translated)).get("Resources"));
    resources.forEach((id, r) -> {
      String type = String.valueOf(SamTemplate.map(r).get("Type"));
      if (type.startsWith("AWS::ApiGateway::") || type.equals("AWS::Lambda::Permission") || type.equals("AWS::Lambda::Url")
          || type.startsWith("AWS::Events::") || type.startsWith("AWS::Scheduler::")) {
        assertThat(String.valueOf(r)).as("%s (%s) must not reach AdminFunction", id, type).doesNotContain("AdminFunction");
      }
    });
    Map<String, Object> fn = SamTemplate.map(resources.get("AdminFunction"));
    assertThat(SamTemplate.at(fn, "Properties", "VpcConfig")).isNotNull();
    assertThat(String.valueOf(SamTemplate.at(resources, "AdminFunctionRole", "Properties", "ManagedPolicyArns")))
        .contains("AWSLambdaVPCAccessExecutionRole");
  }

  /** SAM's own translation of template.yaml (CodeUri as the S3 URIs sam deploy uploads to); skipped without samtranslator. */
  static String translate() throws IOException, InterruptedException {
    String script = String.join("\n",
        "import sys, json",
        "from samtranslator.translator.transform import transform",
        "from samtranslator.yaml_helper import yaml_parse",
        "class Loader:",
        "    def load(self, *a, **k): return {}",
        "tpl = yaml_parse(open(sys.argv[1]).read())",
        "for r in tpl['Resources'].values():",
        "    if r.get('Type') == 'AWS::Serverless::Function':",
        "        r['Properties']['CodeUri'] = 's3://bucket/' + r['Properties']['CodeUri']",
        "json.dump(transform(tpl, {}, Loader()), sys.stdout)");
    ProcessBuilder pb;
    Process p;
    try {
      pb = new ProcessBuilder("python3", "-c", script, Repo.root().resolve("template.yaml").toString());
      pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
      p = pb.start();
    } catch (IOException noPython) {
      assumeTrue(false, "python3 is not installed: SAM translation skipped");
      throw noPython;
    }
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assumeTrue(!err.contains("No module named 'samtranslator'"), "samtranslator is not installed (pip install "
        + "cfn-lint brings it): SAM translation skipped");
    assertThat(p.exitValue()).as("SAM translation failed:\n%s", err).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
