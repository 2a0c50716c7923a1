package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The AWS SDK belongs to the CLI only ({@code --remote} invokes AdminFunction with it): no
 * function jar of template.yaml may carry it, since it would add seconds of cold start and
 * megabytes to functions that call no AWS API.
 */
class FunctionJarsIT {
  @Test
  void noFunctionJarCarriesTheAwsSdk() throws Exception {
    SamTemplate t = SamTemplate.load();
    List<String> offenders = new ArrayList<>();
    TreeSet<String> jars = new TreeSet<>();
    for (String fn : t.ofType("AWS::Serverless::Function").keySet()) {
      jars.add(String.valueOf(t.functionProperty(fn, "CodeUri")));
    }
    assertThat(jars).contains("functions/admin/target/admin.jar");
    for (String codeUri : jars) {
      Path jar = Repo.root().resolve(codeUri);
      assertThat(jar).as("built by mvn package").isRegularFile();
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        zip.stream().map(e -> e.getName()).filter(n -> n.startsWith("software/amazon/awssdk/")).findFirst()
            .ifPresent(n -> offenders.add(codeUri + " (" + n + ")"));
      }
    }
    assertThat(offenders).as("function jars with the AWS SDK").isEmpty();
  }
}
