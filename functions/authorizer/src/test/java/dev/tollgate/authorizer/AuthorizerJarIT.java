package dev.tollgate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar Lambda loads (built at {@code package}, before failsafe runs) stays small:
 * at most 10 MiB and without the Stripe or Resend SDKs, which only the other functions need.
 */
class AuthorizerJarIT {
  static final Path JAR = Path.of("target", "authorizer.jar");

  @Test
  void theShadedJarIsSmallAndHoldsNoBillingOrEmailSdk() throws IOException {
    assertThat(JAR).as("run mvn package first").exists();
    assertThat(Files.size(JAR)).as("authorizer.jar bytes").isLessThanOrEqualTo(10L * 1024 * 1024);
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> sdk = jar.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("com/stripe/") || n.startsWith("com/resend/")).limit(5).toList();
      assertThat(sdk).as("Stripe/Resend classes in authorizer.jar").isEmpty();
      assertThat(jar.getEntry("dev/tollgate/authorizer/UsageAuthorizerHandler.class")).isNotNull();
    }
  }
}
