package dev.tollgate.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tollgate.config.GatingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Keys, configs and signed tokens for the identity tests (keys generated once per JVM). */
final class TestTokens {
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final Duration SKEW = Duration.ofSeconds(60);
  static final String ISSUER = "https://issuer.example/";
  static final String SECRET = "0123456789abcdef0123456789abcdef-hs256-test-secret";
  static final RSAKey RSA = generateRsa("r1");
  static final RSAKey OTHER_RSA = generateRsa("r1");
  static final ECKey EC = generateEc("e1");

  private TestTokens() {}

  /** Identity config: jwt with HS256 ({@code secretEnv}) or a JWKS URL, iss and aud checked. */
  static GatingConfig.Identity identity(boolean hmac, String jwksUrl) {
    GatingConfig.Jwt jwt = new GatingConfig.Jwt(
        hmac ? Optional.of("JWT_SECRET") : Optional.empty(),
        hmac ? Optional.empty() : Optional.of(java.net.URI.create(jwksUrl)),
        Optional.of(ISSUER), List.of("api", "admin"), "sub", "email", SKEW);
    return new GatingConfig.Identity(GatingConfig.IdentityType.JWT, "Authorization", Optional.of(jwt), Duration.ofSeconds(60),
        Optional.empty());
  }

  /** Claims valid at {@link #NOW}: sub user-1, email, iss, aud api, iat now, exp in 10 min. */
  static JWTClaimsSet.Builder validClaims() {
    return new JWTClaimsSet.Builder()
        .subject("user-1").claim("email", "user-1@example.com")
        .issuer(ISSUER).audience("api")
        .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(600)));
  }

  /** A compact JWS of {@code claims} signed by {@code signer} with {@code alg} and {@code kid}. */
  static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HS256 with {@link #SECRET}, claims adjusted by {@code edit}. */
  static String hs256(UnaryOperator<JWTClaimsSet.Builder> edit) {
    return sign(JWSAlgorithm.HS256, null, mac(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        edit.apply(validClaims()).build());
  }

  /** RS256 with {@link #RSA}, claims adjusted by {@code edit}. */
  static String rs256(UnaryOperator<JWTClaimsSet.Builder> edit) {
    return sign(JWSAlgorithm.RS256, RSA.getKeyID(), rsaSigner(RSA), edit.apply(validClaims()).build());
  }

  static JWSSigner mac(byte[] secret) {
    try {
      return new MACSigner(secret);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSSigner rsaSigner(RSAKey key) {
    try {
      return new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static JWSSigner ecSigner(ECKey key) {
    try {
      return new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static RSAKey generateRsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey generateEc(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
