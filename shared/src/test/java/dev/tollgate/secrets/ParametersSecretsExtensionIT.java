package dev.tollgate.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.FakeSecretsExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extension client against a local fake speaking the extension's HTTP API. */
class ParametersSecretsExtensionIT {
  static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLEsessiontoken";
  static final String ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tollgate/authorizer-AbCdEf";
  static final String VALUE = "{\"REDIS_AUTH\":\"redis-token-Secret-1234\"}";

  @Test
  void readsTheSecretStringWithTheSessionTokenOnTheConfiguredPort() {
    try (FakeSecretsExtension ext = FakeSecretsExtension.start(TOKEN).put(ARN, VALUE)) {
      SecretStore store = ParametersSecretsExtension.fromEnvironment(Map.of("AWS_SESSION_TOKEN", TOKEN,
          ParametersSecretsExtension.PORT_ENV, String.valueOf(ext.port())));
      assertThat(store.read(ARN)).isEqualTo(VALUE);
    }
  }

  @Test
  void underSnapStartTheContainerAuthorizationTokenStandsInForTheMissingSessionToken() {
    try (FakeSecretsExtension ext = FakeSecretsExtension.start("container-token").put(ARN, VALUE)) {
      SecretStore store = ParametersSecretsExtension.fromEnvironment(Map.of("AWS_CONTAINER_AUTHORIZATION_TOKEN",
          "container-token", ParametersSecretsExtension.PORT_ENV, String.valueOf(ext.port())));
      assertThat(store.read(ARN)).isEqualTo(VALUE);
    }
  }

  @Test
  void aRefusedTokenOrAnUnknownSecretIsAnErrorNamingTheSecretAndStatusButNoValue() {
    try (FakeSecretsExtension ext = FakeSecretsExtension.start(TOKEN).put(ARN, VALUE)) {
      SecretStore wrongToken = new ParametersSecretsExtension(ext.uri(), "not-the-token");
      assertThatThrownBy(() -> wrongToken.read(ARN)).isInstanceOf(SecretUnavailableException.class)
          .hasMessageContaining(ARN).hasMessageContaining("401").hasMessageNotContaining("redis-token");
      SecretStore store = new ParametersSecretsExtension(ext.uri(), TOKEN);
      assertThatThrownBy(() -> store.read("tollgate/missing")).isInstanceOf(SecretUnavailableException.class)
          .hasMessageContaining("tollgate/missing").hasMessageContaining("400")
          .hasMessageContaining("ResourceNotFoundException");
    }
  }

  @Test
  void noExtensionListeningSaysToAddTheLayer() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SecretStore store = ParametersSecretsExtension.fromEnvironment(Map.of("AWS_SESSION_TOKEN", TOKEN,
        ParametersSecretsExtension.PORT_ENV, String.valueOf(port)));
    assertThatThrownBy(() -> store.read(ARN)).isInstanceOf(SecretUnavailableException.class)
        .hasMessageContaining("did not answer").hasMessageContaining("extension layer");
  }

  @Test
  void withoutAnyTokenNothingIsSentAndTheErrorSaysWhichVariablesAreMissing() {
    try (FakeSecretsExtension ext = FakeSecretsExtension.start(TOKEN).put(ARN, VALUE)) {
      SecretStore store = ParametersSecretsExtension.fromEnvironment(Map.of(ParametersSecretsExtension.PORT_ENV,
          String.valueOf(ext.port())));
      assertThatThrownBy(() -> store.read(ARN)).isInstanceOf(SecretUnavailableException.class)
          .hasMessageContaining("AWS_SESSION_TOKEN").hasMessageContaining("AWS_CONTAINER_AUTHORIZATION_TOKEN");
      assertThat(ext.requests()).isZero();
    }
  }

  @Test
  void anAnswerWithoutSecretStringOrNotJsonIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> ParametersSecretsExtension.secretString(ARN, "{\"SecretBinary\":\"c2VjcmV0\"}"))
        .isInstanceOf(SecretUnavailableException.class).hasMessageContaining("no SecretString");
    assertThatThrownBy(() -> ParametersSecretsExtension.secretString(ARN, "top-secret-plain-text"))
        .isInstanceOf(SecretUnavailableException.class).hasMessageNotContaining("top-secret");
  }

  @Test
  void aBadPortVariableIsNamed() {
    assertThatThrownBy(() -> ParametersSecretsExtension.fromEnvironment(Map.of(ParametersSecretsExtension.PORT_ENV, "x")))
        .hasMessageContaining(ParametersSecretsExtension.PORT_ENV);
  }
}
