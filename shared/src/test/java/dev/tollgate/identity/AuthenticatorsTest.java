package dev.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.GatingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest {
  @Test
  void jwtWithSecretEnvIsHs256() throws Exception {
    Authenticator a = Authenticators.fromConfig(TestTokens.identity(true, null), Map.of("JWT_SECRET", TestTokens.SECRET), null);
    assertThat(a).isInstanceOf(JwtAuthenticator.class);
    String token = TestTokens.hs256(c -> c);
    assertThat(a.authenticate(RequestHeaders.of(Map.of("Authorization", "Bearer " + token)), TestTokens.NOW).userId())
        .isEqualTo("user-1");
  }

  @Test
  void jwtWithJwksUrlIsBuiltWithoutFetching() {
    assertThat(Authenticators.fromConfig(TestTokens.identity(false, "http://127.0.0.1:1/jwks"), Map.of(), null))
        .isInstanceOf(JwtAuthenticator.class);
  }

  @Test
  void aMissingSecretIsAnIllegalStateNamingTheVariable() {
    assertThatThrownBy(() -> Authenticators.fromConfig(TestTokens.identity(true, null), Map.of(), null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT_SECRET");
  }

  @Test
  void apiKeyUsesTheStoreAndTheConfiguredTtl() throws Exception {
    InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    GatingConfig.Identity identity = new GatingConfig.Identity(GatingConfig.IdentityType.API_KEY, "Authorization",
        Optional.empty(), Duration.ofSeconds(10), Optional.empty());
    Authenticator a = Authenticators.fromConfig(identity, Map.of(), store);
    Instant now = Instant.parse("2025-03-01T00:00:00Z");
    String key = store.create("u-1", null, now);
    RequestHeaders h = RequestHeaders.of(Map.of("x-api-key", key));
    assertThat(a.authenticate(h, now).userId()).isEqualTo("u-1");
    store.revoke(key);
    assertThat(a.authenticate(h, now.plusSeconds(9)).userId()).isEqualTo("u-1");
    assertThatThrownBy(() -> a.authenticate(h, now.plusSeconds(10))).isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void apiKeyWithoutAStoreIsAConfigurationError() {
    GatingConfig.Identity identity = new GatingConfig.Identity(GatingConfig.IdentityType.API_KEY, "Authorization",
        Optional.empty(), Duration.ofSeconds(10), Optional.empty());
    assertThatThrownBy(() -> Authenticators.fromConfig(identity, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store");
  }
}
