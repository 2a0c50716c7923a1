package dev.tollgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The leak detector catches a secret wherever and however it is logged, and passes clean logs. */
class SecretScannerTest {
  private static final String SECRET = "whsec_Zx81kLq0pVt7";

  @Test
  void findsASecretPrintedToStdoutAndStderr() {
    String out = LogCapture.during(() -> System.out.println("using key " + SECRET));
    String err = LogCapture.during(() -> System.err.println("bad signature for " + SECRET));
    assertThatThrownBy(() -> SecretScanner.assertNoSecrets(out, SECRET)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("as is").hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> SecretScanner.assertNoSecrets(err, SECRET)).isInstanceOf(AssertionError.class);
  }

  @Test
  void findsASecretInJavaUtilLoggingWithItsStackTrace() {
    String logs = LogCapture.during(() -> Logger.getLogger("tollgate.test").log(java.util.logging.Level.WARNING,
        "webhook rejected", new IllegalStateException("signature mismatch for " + SECRET)));
    assertThat(logs).contains("webhook rejected");
    assertThatThrownBy(() -> SecretScanner.assertNoSecrets(logs, SECRET)).isInstanceOf(AssertionError.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "u:", "us:", "user:"})
  void findsASecretInsideLargerBase64AtAnyAlignment(String prefix) {
    String blob = Base64.getEncoder().encodeToString((prefix + SECRET + "!tail").getBytes(StandardCharsets.UTF_8));
    String urlSafe = Base64.getUrlEncoder().encodeToString((prefix + SECRET).getBytes(StandardCharsets.UTF_8));
    assertThat(SecretScanner.scan("Authorization: Basic " + blob, SECRET)).isNotEmpty();
    assertThat(SecretScanner.scan("token=" + urlSafe, SECRET)).isNotEmpty();
  }

  @Test
  void findsASecretInACauseOrSuppressedExceptionMessage() {
    RuntimeException inCause = new RuntimeException("call failed", new IllegalArgumentException("key=" + SECRET));
    RuntimeException inSuppressed = new RuntimeException("call failed");
    inSuppressed.addSuppressed(new IllegalStateException("auth " + SECRET));
    assertThatThrownBy(() -> SecretScanner.assertNoSecrets(inCause, SECRET)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> SecretScanner.assertNoSecrets(inSuppressed, SECRET)).isInstanceOf(AssertionError.class);
  }

  @Test
  void passesLogsWithoutTheSecretAndRestoresTheStreams() {
    java.io.PrintStream before = System.out;
    String logs = LogCapture.during(() -> System.out.println("signature verified for event evt_123"));
    assertThat(System.out).isSameAs(before);
    assertThat(logs).contains("evt_123");
    SecretScanner.assertNoSecrets(logs, SECRET, "sk_test_51Hxyz0123456789");
    SecretScanner.assertNoSecrets(new IllegalStateException("signature mismatch"), SECRET);
  }
}
