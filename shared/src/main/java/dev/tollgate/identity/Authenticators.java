package dev.tollgate.identity;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.secrets.Secrets;
import java.util.Map;

/** Builds the {@link Authenticator} the config asks for. */
public final class Authenticators {
  private Authenticators() {}

  /**
   * A {@link JwtAuthenticator} (HS256 from the env var named by {@code jwt.secretEnv}, or
   * the JWKS at {@code jwt.jwksUrl}) or an {@link ApiKeyAuthenticator} over {@code store}.
   *
   * @param store where API keys are looked up; unused (may be null) for {@code type: jwt}
   * @throws IllegalStateException when the JWT secret env var is missing or too short (the
   *     message names the variable, never its value)
   */
  public static Authenticator fromConfig(GatingConfig.Identity identity, Map<String, String> env, ApiKeyStore store) {
    return fromConfig(identity, Secrets.of(env), store, EmailClaimRefusals.NONE);
  }

  /** As {@link #fromConfig(GatingConfig.Identity, Map, ApiKeyStore)}, counting refused JWT email claims in {@code refusals}. */
  public static Authenticator fromConfig(GatingConfig.Identity identity, Map<String, String> env, ApiKeyStore store,
      EmailClaimRefusals refusals) {
    return fromConfig(identity, Secrets.of(env), store, refusals);
  }

  /**
   * As {@link #fromConfig(GatingConfig.Identity, Map, ApiKeyStore, EmailClaimRefusals)}, with the
   * JWT secret from {@code secrets} (read on use, and followed through rotations, when remote).
   */
  public static Authenticator fromConfig(GatingConfig.Identity identity, Secrets secrets, ApiKeyStore store,
      EmailClaimRefusals refusals) {
    return switch (identity.type()) {
      case JWT -> (identity.jwt().orElseThrow(() -> new IllegalArgumentException("identity.jwt is not configured"))
          .secretEnv().isPresent() ? JwtAuthenticator.hmac(identity, secrets) : JwtAuthenticator.jwks(identity))
          .countingRefusedEmails(refusals);
      case API_KEY -> {
        if (store == null) {
          throw new IllegalArgumentException("identity.type apiKey needs an API key store");
        }
        yield new ApiKeyAuthenticator(identity, store);
      }
    };
  }
}
