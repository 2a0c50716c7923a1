package dev.tollgate.identity;

import static dev.tollgate.identity.TestTokens.NOW;
import static dev.tollgate.identity.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import dev.tollgate.secrets.SecretUnavailableException;
import dev.tollgate.secrets.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HS256 secret from a secret store: nothing read at construction (Lambda's extension
 * cannot answer at init), a rotation is followed and drops tokens only the old secret signed,
 * and a secret that is missing, short or unreadable is a 503 (the deployment is wrong), not a
 * 401 that would blame the caller.
 */
class RotatingJwtSecretTest {
  static final String OLD = "old-hs256-secret-0123456789abcdef-0123";
  static final String NEW = "new-hs256-secret-0123456789abcdef-4567";

  /** Remote secrets whose JWT_SECRET tests set; counts reads. */
  static final class Store implements Secrets {
    volatile String value;
    volatile RuntimeException failure;
    int reads;

    @Override
    public String get(String name) {
      reads++;
      if (failure != null) {
        throw failure;
      }
      return "JWT_SECRET".equals(name) ? value : null;
    }

    @Override
    public boolean remote() {
      return true;
    }
  }

  private final Store store = new Store();

  private static String token(String secret) throws Exception {
    return TestTokens.sign(JWSAlgorithm.HS256, null, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)),
        TestTokens.validClaims().build());
  }

  private static RequestHeaders auth(String token) {
    return RequestHeaders.of(Map.of("Authorization", bearer(token)));
  }

  @Test
  void nothingIsReadAtConstructionAndARotationIsFollowed() throws Exception {
    JwtAuthenticator a = JwtAuthenticator.hmac(TestTokens.identity(true, null), store);
    assertThat(store.reads).isZero();
    store.value = OLD;
    String signedOld = token(OLD);
    assertThat(a.authenticate(auth(signedOld), NOW).userId()).isEqualTo("user-1");
    store.value = NEW;
    assertThat(a.authenticate(auth(token(NEW)), NOW).userId()).isEqualTo("user-1");
    assertThatThrownBy(() -> a.authenticate(auth(signedOld), NOW))
        .as("verified and cached before the rotation, refused after it").isInstanceOf(InvalidCredentialsException.class);
  }

  @Test
  void aMissingOrShortSecretIsA503NamingTheVariableNeverItsValue() throws Exception {
    JwtAuthenticator a = JwtAuthenticator.hmac(TestTokens.identity(true, null), store);
    String wellFormed = token(OLD);
    assertThatThrownBy(() -> a.authenticate(auth(wellFormed), NOW)).isInstanceOf(IdentityUnavailableException.class)
        .hasMessageContaining("JWT_SECRET").hasMessageContaining("not set");
    store.value = "short-secret-xyz";
    assertThatThrownBy(() -> a.authenticate(auth(wellFormed), NOW)).isInstanceOf(IdentityUnavailableException.class)
        .hasMessageContaining("32 bytes").hasMessageNotContaining("short-secret-xyz");
  }

  @Test
  void anUnreadableSecretIsA503() throws Exception {
    store.failure = new SecretUnavailableException("secret tollgate/x: the extension answered 500");
    JwtAuthenticator a = JwtAuthenticator.hmac(TestTokens.identity(true, null), store);
    String wellFormed = token(OLD);
    assertThatThrownBy(() -> a.authenticate(auth(wellFormed), NOW)).isInstanceOf(IdentityUnavailableException.class)
        .hasMessageContaining("JWT_SECRET").hasMessageContaining("500");
  }

  @Test
  void aPlainEnvironmentSecretIsStillCheckedAtConstruction() {
    assertThatThrownBy(() -> JwtAuthenticator.hmac(TestTokens.identity(true, null), Secrets.of(Map.of())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("JWT_SECRET");
  }
}
