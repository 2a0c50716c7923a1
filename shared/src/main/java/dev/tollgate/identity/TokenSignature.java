package dev.tollgate.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.List;

/**
 * The signature half of a bearer JWT's check: the token must be a compact JWS (an unsigned
 * token or a JWE is refused), signed with an algorithm the key source accepts, verified by one
 * of its keys, with claims that are a JSON object. {@link TokenClaims} checks the claims.
 */
final class TokenSignature {
  private TokenSignature() {}

  /** A token's claims and the key that verified its signature. */
  record Signed(JWTClaimsSet claims, JWSVerifier key) {}

  /** {@code token}'s claims and verifying key from {@code keys}, or why it is refused. */
  static Signed verify(String token, SigningKeys keys, long nowMs) throws InvalidCredentialsException {
    SignedJWT signed = parse(token);
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!keys.algorithms().contains(alg)) {
      throw new InvalidCredentialsException("token algorithm " + alg + " not accepted here (accepted: " + keys.algorithms() + ")");
    }
    JWSVerifier key = verifiedBy(signed, keys.verifiersFor(signed.getHeader(), nowMs));
    if (key == null) {
      throw new InvalidCredentialsException("token signature does not verify");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidCredentialsException("token claims are not a JSON object");
    }
    return new Signed(claims, key);
  }

  private static SignedJWT parse(String token) throws InvalidCredentialsException {
    JWT parsed;
    try {
      parsed = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new InvalidCredentialsException("malformed token (not a compact JWT)");
    }
    if (parsed instanceof SignedJWT s) {
      return s;
    }
    if (parsed instanceof PlainJWT) {
      throw new InvalidCredentialsException("unsigned token (alg none) refused");
    }
    if (parsed instanceof EncryptedJWT) {
      throw new InvalidCredentialsException("encrypted tokens (JWE) are not accepted");
    }
    throw new InvalidCredentialsException("malformed token");
  }

  /** The candidate that verifies the signature, or null. */
  private static JWSVerifier verifiedBy(SignedJWT signed, List<JWSVerifier> candidates) {
    for (JWSVerifier v : candidates) {
      try {
        if (signed.verify(v)) {
          return v;
        }
      } catch (JOSEException | IllegalStateException ignored) {
        // a key that cannot check this token (wrong type or size) simply does not verify it
      }
    }
    return null;
  }
}
