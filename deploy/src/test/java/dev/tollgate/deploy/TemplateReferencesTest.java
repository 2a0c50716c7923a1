package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.local.gateway.CfnTemplate;
import org.junit.jupiter.api.Test;

/** Every !Ref / !GetAtt / !Sub / DependsOn / condition in template.yaml names something that exists. */
class TemplateReferencesTest {

  @Test
  void everyReferenceInTheTemplateResolves() throws Exception {
    assertThat(TemplateReferences.missing(SamTemplate.load())).isEmpty();
  }

  @Test
  void samGeneratedNamesCountAsTargets() throws Exception {
    assertThat(TemplateReferences.samGenerated(SamTemplate.load()))
        .contains("AuthorizerFunction.Alias", "AuthorizerFunctionRole", "UpgradeDispatcherScheduleDLQ", "TollgateApi.Stage")
        .doesNotContain("StripeWebhookFunction.Alias", "ServerlessRestApi");
  }

  @Test
  void danglingReferencesAreReportedWithWhereTheyAre() {
    SamTemplate bad = new SamTemplate(CfnTemplate.parse("""
        Parameters:
          Name: { Type: String }
        Conditions:
          HasName: !Not [!Equals [!Ref Name, ""]]
          Both: !And [!Condition HasName, !Condition Nope]
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.B::handleRequest
              Environment:
                Variables:
                  A: !Ref Nam
                  B: !GetAtt Queue.Arn
                  C: !Sub "${Name}-${AWS::Region}-${Missing}-${Gone.Arn}-${!Literal}-${Local}"
                  D: !Sub ["${Local}", { Local: !Ref Fn.Alias }]
                  E: !If [NoSuchCondition, x, !Ref AWS::NoValue]
          Topic:
            Type: AWS::SNS::Topic
            Condition: HasNme
            DependsOn: [Fn, Ghost]
        Outputs:
          Url: { Value: !Sub "https://${ServerlessRestApi}/" }
        """));
    assertThat(TemplateReferences.missing(bad)).containsExactlyInAnyOrder(
        "Conditions.Both.Fn::And[1]: condition Nope",
        "Resources.Fn.Environment.Variables.A: Ref Nam",
        "Resources.Fn.Environment.Variables.B: GetAtt Queue",
        "Resources.Fn.Environment.Variables.C: Sub ${Missing}",
        "Resources.Fn.Environment.Variables.C: Sub ${Gone.Arn}",
        "Resources.Fn.Environment.Variables.C: Sub ${Local}",
        "Resources.Fn.Environment.Variables.D.Local: Ref Fn.Alias",
        "Resources.Fn.Environment.Variables.E: condition NoSuchCondition",
        "Resources.Topic.Condition: condition HasNme",
        "Resources.Topic.DependsOn: Ghost",
        "Outputs.Url.Value: Sub ${ServerlessRestApi}");
  }
}
