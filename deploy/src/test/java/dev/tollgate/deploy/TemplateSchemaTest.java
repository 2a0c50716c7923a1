package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.local.gateway.CfnTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml's SAM resources against the official SAM JSON schema (schemas/sam.schema.json). */
class TemplateSchemaTest {
  private static SamSchema schema;

  @BeforeAll
  static void readSchema() throws Exception {
    schema = SamSchema.read(Repo.root().resolve("schemas/sam.schema.json"));
  }

  @Test
  void samResourcesAndGlobalsMatchTheSamSchema() throws Exception {
    SamTemplate template = SamTemplate.load();
    assertThat(template.ofType("AWS::Serverless::Function")).hasSize(7);
    assertThat(schema.violations(template)).isEmpty();
  }

  @Test
  void aMisspelledPropertyOrUnknownTypeIsReported() {
    SamTemplate bad = new SamTemplate(CfnTemplate.parse("""
        Globals:
          Function:
            Runtime: java21
            Timout: 5
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: x.jar
              Handlr: a.B::handleRequest
          Api:
            Type: AWS::Serverless::Apii
          Queue:
            Type: AWS::SQS::Queue
            Properties: { Anything: goes }
        """));
    assertThat(schema.violations(bad))
        .anySatisfy(v -> assertThat(v).startsWith("Globals").contains("Timout"))
        .anySatisfy(v -> assertThat(v).startsWith("Resources.Fn").contains("Handlr"))
        .anySatisfy(v -> assertThat(v).startsWith("Resources.Api").contains("not a SAM resource type"))
        .noneSatisfy(v -> assertThat(v).startsWith("Resources.Queue"));
  }

  @Test
  void theRepositoryCopyIsTheHandbookSchemaWhenTheHandbookIsPresent() throws Exception {
    Path handbook = Repo.root().getParent().resolve("shared/schemas/sam.schema.json");
    Assumptions.assumeTrue(Files.isRegularFile(handbook), "no ../shared/schemas/sam.schema.json beside the repository");
    assertThat(Files.mismatch(handbook, Repo.root().resolve("schemas/sam.schema.json"))).isEqualTo(-1L);
  }
}
