package dev.tollgate.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import dev.tollgate.secrets.SecretUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One shared HS256 secret read from {@code secret} on use: a new value (a rotation) builds a
 * new verifier, and tokens verified with the old one are no longer trusted. A secret that cannot be read, is missing or is
 * too short makes the caller unidentifiable ({@link IdentityUnavailableException}, a 503), not
 * a bad caller (401): it is the deployment that is wrong.
 */
final class RotatingHmacKeys implements SigningKeys {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.HS256);

  private final String name;
  private final Supplier<String> secret;
  private volatile Current current;

  private record Current(String text, List<JWSVerifier> verifiers) {}

  /** Keys from the secret {@code name} (for messages), read from {@code secret}. */
  RotatingHmacKeys(String name, Supplier<String> secret) {
    this.name = name;
    this.secret = secret;
  }

  /** What is wrong with {@code value} as the HS256 secret {@code name}, or null (never quotes it). */
  static String problem(String name, String value) {
    if (value == null || value.isBlank()) {
      return "env var " + name + " (named by identity.jwt.secretEnv) is not set: it must hold the HS256 secret the "
          + "tokens are signed with";
    }
    if (value.getBytes(StandardCharsets.UTF_8).length < JwtAuthenticator.MIN_SECRET_BYTES) {
      return "env var " + name + " holds an HS256 secret shorter than " + JwtAuthenticator.MIN_SECRET_BYTES
          + " bytes; use a random secret of at least 32 bytes (e.g. openssl rand -base64 48)";
    }
    return null;
  }

  @Override
  public Set<JWSAlgorithm> algorithms() {
    return ALGORITHMS;
  }

  @Override
  public List<JWSVerifier> verifiersFor(JWSHeader header, long nowMs) {
    return current().verifiers;
  }

  @Override
  public boolean stillTrusts(JWSVerifier verifier, long nowMs) {
    return current().verifiers.contains(verifier);
  }

  private Current current() {
    String text;
    try {
      text = secret.get();
    } catch (SecretUnavailableException e) {
      throw new IdentityUnavailableException("the HS256 secret " + name + " could not be read: " + e.getMessage(), e);
    }
    Current c = current;
    if (c != null && c.text.equals(text)) {
      return c;
    }
    String problem = problem(name, text);
    if (problem != null) {
      throw new IdentityUnavailableException(problem, null);
    }
    try {
      c = new Current(text, List.of(new MACVerifier(text.getBytes(StandardCharsets.UTF_8))));
    } catch (JOSEException e) {
      throw new IdentityUnavailableException("the HS256 secret " + name + " was rejected: " + e.getMessage(), e);
    }
    current = c;
    return c;
  }
}
