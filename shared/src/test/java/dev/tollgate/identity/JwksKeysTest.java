package dev.tollgate.identity;

import static dev.tollgate.identity.TestTokens.NOW;
import static dev.tollgate.identity.TestTokens.RSA;
import static dev.tollgate.identity.TestTokens.bearer;
import static dev.tollgate.identity.TestTokens.sign;
import static dev.tollgate.identity.TestTokens.validClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** JWKS caching and refresh rules, with an in-process fetcher and injected time. */
class JwksKeysTest {
  private static final RSAKey ROTATED = TestTokens.generateRsa("r2");
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(RSA.toPublicJWK()));
  private final AtomicReference<IOException> failure = new AtomicReference<>();
  private final JwtAuthenticator auth = JwtAuthenticator.jwks(TestTokens.identity(false, "http://127.0.0.1:1/jwks"), () -> {
    fetches.incrementAndGet();
    if (failure.get() != null) {
      throw failure.get();
    }
    return published.get();
  }, Duration.ofSeconds(10), Duration.ofMinutes(15));

  @Test
  void fetchedOnceForManyTokens() {
    for (int i = 0; i < 50; i++) {
      int n = i;
      assertThat(call(token("r1", RSA, "user-" + n), NOW.plusSeconds(i)).userId()).isEqualTo("user-" + n);
    }
    assertThat(fetches).hasValue(1);
  }

  @Test
  void unknownKidRefetchesAtMostOncePerInterval() {
    call(token("r1", RSA, "user-1"), NOW);
    for (int i = 0; i < 20; i++) {
      refused(token("kid-" + i, RSA, "user-1"), NOW.plusSeconds(11).plusMillis(i), "no key");
    }
    assertThat(fetches).as("first load + one refresh for the unknown kids").hasValue(2);
    refused(token("kid-x", RSA, "user-1"), NOW.plusSeconds(22), "no key");
    assertThat(fetches).hasValue(3);
  }

  @Test
  void aRotatedKeyIsPickedUpOnItsFirstToken() {
    call(token("r1", RSA, "user-1"), NOW);
    published.set(new JWKSet(List.of(RSA.toPublicJWK(), ROTATED.toPublicJWK())));
    assertThat(call(token("r2", ROTATED, "user-2"), NOW.plusSeconds(30)).userId()).isEqualTo("user-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aWithdrawnKeyStopsWorkingOnceTheSetIsTooOld() {
    String old = token("r1", RSA, "user-1");
    call(old, NOW);
    published.set(new JWKSet(ROTATED.toPublicJWK()));
    String again = token("r1", RSA, "user-3");
    assertThat(call(again, NOW.plusSeconds(60)).userId()).isEqualTo("user-3");
    refused(token("r1", RSA, "user-4"), NOW.plus(Duration.ofMinutes(16)), "no key");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void anUnreachableJwksRefusesAndRecovers() {
    failure.set(new IOException("Connection refused"));
    refused(token("r1", RSA, "user-1"), NOW, "signing keys unavailable");
    refused(token("r1", RSA, "user-1"), NOW.plusSeconds(1), "signing keys unavailable");
    assertThat(fetches).as("no second fetch within the interval").hasValue(1);
    failure.set(null);
    assertThat(call(token("r1", RSA, "user-1"), NOW.plusSeconds(11)).userId()).isEqualTo("user-1");
  }

  @Test
  void aFailedRefreshKeepsTheLastGoodSet() {
    call(token("r1", RSA, "user-1"), NOW);
    failure.set(new IOException("HTTP 503"));
    assertThat(call(token("r1", RSA, "user-2"), NOW.plus(Duration.ofMinutes(16))).userId()).isEqualTo("user-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aRefreshThatDropsAKeyEndsTheCachedTokensItVerified() {
    String cached = token("r1", RSA, "user-1");
    call(cached, NOW);
    call(cached, NOW.plusSeconds(1));
    published.set(new JWKSet(ROTATED.toPublicJWK()));
    assertThat(call(token("r2", ROTATED, "user-2"), NOW.plusSeconds(11)).userId()).as("the refresh").isEqualTo("user-2");
    refused(cached, NOW.plusSeconds(12), "no key");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aCachedTokenIsCheckedAgainOnceTheSetIsTooOld() {
    String cached = token("r1", RSA, "user-1");
    call(cached, NOW);
    published.set(new JWKSet(ROTATED.toPublicJWK()));
    assertThat(call(cached, NOW.plus(Duration.ofMinutes(14))).userId()).as("within maxAge").isEqualTo("user-1");
    refused(cached, NOW.plus(Duration.ofMinutes(16)), "no key");
  }

  @Test
  void aRefreshThatKeepsAKeyKeepsItsCachedTokensWithoutVerifyingThemAgain() {
    JwtAuthenticatorTest.CountingKeys keys = new JwtAuthenticatorTest.CountingKeys(new JwksKeys(() -> {
      fetches.incrementAndGet();
      return published.get();
    }, Duration.ofSeconds(10), Duration.ofMinutes(15)));
    JwtAuthenticator counting = new JwtAuthenticator("Authorization",
        TestTokens.identity(false, "http://127.0.0.1:1/jwks").jwt().orElseThrow(), java.util.Optional.empty(), keys,
        EmailClaimRefusals.NONE);
    RequestHeaders cached = RequestHeaders.of(Map.of("Authorization", bearer(token("r1", RSA, "user-1"))));
    JwtAuthenticatorTest.call(counting, cached, NOW);
    published.set(new JWKSet(List.of(RSA.toPublicJWK(), ROTATED.toPublicJWK())));
    JwtAuthenticatorTest.call(counting, RequestHeaders.of(Map.of("Authorization", bearer(token("r2", ROTATED, "u2")))),
        NOW.plusSeconds(11));
    assertThat(JwtAuthenticatorTest.call(counting, cached, NOW.plus(Duration.ofMinutes(16))).userId()).isEqualTo("user-1");
    assertThat(fetches).as("first load, the rotation, the max-age refresh").hasValue(3);
    assertThat(keys.lookups).as("the r1 token verified once, the r2 token once").hasValue(2);
  }

  private static String token(String kid, RSAKey key, String user) {
    return sign(JWSAlgorithm.RS256, kid, TestTokens.rsaSigner(key), validClaims().subject(user)
        .expirationTime(java.util.Date.from(NOW.plus(Duration.ofHours(1)))).build());
  }

  private Caller call(String token, Instant now) {
    return JwtAuthenticatorTest.call(auth, RequestHeaders.of(Map.of("Authorization", bearer(token))), now);
  }

  private void refused(String token, Instant now, String why) {
    assertThatThrownBy(() -> auth.authenticate(RequestHeaders.of(Map.of("Authorization", bearer(token))), now))
        .isInstanceOf(InvalidCredentialsException.class).hasMessageContaining(why);
  }
}
