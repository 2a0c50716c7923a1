package dev.tollgate.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import java.util.List;
import java.util.Set;

/** Where a {@link JwtAuthenticator} gets the keys that may have signed a token. */
interface SigningKeys {
  /**
   * The only algorithms accepted. Checked before any key is chosen, so a token can never pick
   * how it is verified (no {@code none}, no HMAC keyed with a public key).
   */
  Set<JWSAlgorithm> algorithms();

  /** Verifiers for the keys that may have signed a token with {@code header}, at {@code nowMs}. */
  List<JWSVerifier> verifiersFor(JWSHeader header, long nowMs) throws InvalidCredentialsException;

  /**
   * Whether {@code verifier} (one {@link #verifiersFor} returned) still stands for a current
   * key at {@code nowMs}: a token verified with a key the source has since withdrawn must not
   * keep working from a cache. Cheap: a cached token asks it on every request.
   */
  boolean stillTrusts(JWSVerifier verifier, long nowMs);
}
