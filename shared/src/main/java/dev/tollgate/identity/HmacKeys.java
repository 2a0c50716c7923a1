package dev.tollgate.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import java.util.List;
import java.util.Set;

/** One shared HS256 secret. */
final class HmacKeys implements SigningKeys {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.HS256);
  private final List<JWSVerifier> verifiers;

  /** Keys from {@code secret}, which must be at least {@link JwtAuthenticator#MIN_SECRET_BYTES} long. */
  HmacKeys(byte[] secret) {
    try {
      this.verifiers = List.of(new MACVerifier(secret));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("HS256 secret rejected: " + e.getMessage(), e);
    }
  }

  @Override
  public Set<JWSAlgorithm> algorithms() {
    return ALGORITHMS;
  }

  @Override
  public List<JWSVerifier> verifiersFor(JWSHeader header, long nowMs) {
    return verifiers;
  }

  @Override
  public boolean stillTrusts(JWSVerifier verifier, long nowMs) {
    return true;
  }
}
