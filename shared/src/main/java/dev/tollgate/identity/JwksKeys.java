package dev.tollgate.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * RSA and EC public keys from a JWKS, fetched on first use and kept. A token whose key is not
 * in the kept set (a rotation) triggers a re-fetch, at most once per {@code minRefreshInterval}
 * so a flood of tokens with random {@code kid}s cannot hammer the issuer; the set is also
 * re-fetched once older than {@code maxAge} so withdrawn keys stop working. A key unchanged
 * by a re-fetch keeps its verifier object, so {@link #stillTrusts} is an identity check:
 * tokens verified with it stay cached, those verified with a withdrawn key do not. Time is
 * the caller's {@code now}.
 */
final class JwksKeys implements SigningKeys {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

  private final JwksFetcher fetcher;
  private final long minRefreshMs;
  private final long maxAgeMs;
  private volatile Snapshot snapshot;
  private long lastAttemptMs = Long.MIN_VALUE;
  private volatile String lastFailure;

  /** A fetched key set with a verifier built once per usable key. */
  private record Snapshot(List<JWK> keys, List<JWSVerifier> verifiers, long fetchedAtMs) {}

  JwksKeys(JwksFetcher fetcher, Duration minRefreshInterval, Duration maxAge) {
    this.fetcher = fetcher;
    this.minRefreshMs = minRefreshInterval.toMillis();
    this.maxAgeMs = maxAge.toMillis();
  }

  @Override
  public Set<JWSAlgorithm> algorithms() {
    return ALGORITHMS;
  }

  @Override
  public List<JWSVerifier> verifiersFor(JWSHeader header, long nowMs) throws InvalidCredentialsException {
    Snapshot s = snapshot;
    if (s == null || nowMs - s.fetchedAtMs >= maxAgeMs) {
      s = refresh(nowMs);
    }
    if (s == null) {
      throw new InvalidCredentialsException("signing keys unavailable: the JWKS could not be fetched (" + lastFailure + ")");
    }
    List<JWSVerifier> found = matching(s, header);
    if (found.isEmpty()) {
      Snapshot fresh = refresh(nowMs);
      if (fresh != s && fresh != null) {
        found = matching(fresh, header);
      }
    }
    if (found.isEmpty()) {
      throw new InvalidCredentialsException("no key in the JWKS matches the token's kid and algorithm");
    }
    return found;
  }

  @Override
  public boolean stillTrusts(JWSVerifier verifier, long nowMs) {
    Snapshot s = snapshot;
    if (s != null && nowMs - s.fetchedAtMs >= maxAgeMs) {
      s = refresh(nowMs);
    }
    if (s == null) {
      return false;
    }
    for (JWSVerifier v : s.verifiers) {
      if (v == verifier) {
        return true;
      }
    }
    return false;
  }

  /** Fetches a new set unless one was tried less than minRefreshInterval ago; the current set either way. */
  private synchronized Snapshot refresh(long nowMs) {
    if (lastAttemptMs != Long.MIN_VALUE && nowMs - lastAttemptMs < minRefreshMs) {
      return snapshot;
    }
    lastAttemptMs = nowMs;
    try {
      snapshot = build(fetcher.fetch(), snapshot, nowMs);
      lastFailure = null;
    } catch (IOException | ParseException | RuntimeException e) {
      // keep serving the last good set; the message is for the 401 log line
      lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return snapshot;
  }

  private static Snapshot build(JWKSet set, Snapshot previous, long nowMs) {
    List<JWK> keys = new ArrayList<>();
    List<JWSVerifier> verifiers = new ArrayList<>();
    for (JWK k : set.getKeys()) {
      int same = previous == null ? -1 : previous.keys.indexOf(k);
      if (same >= 0) {
        verifiers.add(previous.verifiers.get(same));
        keys.add(k);
        continue;
      }
      try {
        if (k instanceof RSAKey rsa) {
          verifiers.add(new RSASSAVerifier(rsa));
          keys.add(k);
        } else if (k instanceof ECKey ec) {
          verifiers.add(new ECDSAVerifier(ec));
          keys.add(k);
        }
      } catch (JOSEException ignored) {
        // an unusable key (e.g. an unsupported curve) cannot verify anything: skip it
      }
    }
    return new Snapshot(List.copyOf(keys), List.copyOf(verifiers), nowMs);
  }

  private static List<JWSVerifier> matching(Snapshot s, JWSHeader header) {
    JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
    List<JWSVerifier> out = new ArrayList<>(1);
    for (int i = 0; i < s.keys.size(); i++) {
      if (matcher != null && matcher.matches(s.keys.get(i))) {
        out.add(s.verifiers.get(i));
      }
    }
    return out;
  }
}
