package dev.tollgate.identity;

import static dev.tollgate.identity.TestTokens.EC;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWKS fetched over real HTTP from a local server: caching, rotation, errors, timeouts. */
class JwksFetchIT {
  private static final RSAKey ROTATED = TestTokens.generateRsa("r2");
  private final MockWebServer server = new MockWebServer();
  private final AtomicReference<String> jwks = new AtomicReference<>(
      new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString());
  private final AtomicReference<MockResponse> override = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse o = override.get();
        return o != null ? o : new MockResponse.Builder().code(200)
            .addHeader("Content-Type", "application/json").body(jwks.get()).build();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JwtAuthenticator authenticator(Duration timeout) {
    String url = server.url("/.well-known/jwks.json").toString();
    return JwtAuthenticator.jwks(TestTokens.identity(false, url),
        JwksFetcher.http(java.net.URI.create(url), timeout, timeout), Duration.ofSeconds(10), Duration.ofMinutes(15));
  }

  @Test
  void fetchedOnceAcrossManyVerificationsThenAgainOnRotation() throws Exception {
    JwtAuthenticator a = authenticator(Duration.ofSeconds(2));
    for (int i = 0; i < 30; i++) {
      String user = "user-" + i;
      String token = i % 2 == 0
          ? sign(JWSAlgorithm.RS256, "r1", TestTokens.rsaSigner(RSA), validClaims().subject(user).build())
          : sign(JWSAlgorithm.ES256, "e1", TestTokens.ecSigner(EC), validClaims().subject(user).build());
      assertThat(a.authenticate(headers(token), NOW.plusSeconds(i)).userId()).isEqualTo(user);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/.well-known/jwks.json");

    jwks.set(new JWKSet(List.of(RSA.toPublicJWK(), ROTATED.toPublicJWK())).toString());
    String rotated = sign(JWSAlgorithm.RS256, "r2", TestTokens.rsaSigner(ROTATED), validClaims().subject("new").build());
    assertThat(a.authenticate(headers(rotated), NOW.plusSeconds(40)).userId()).isEqualTo("new");
    assertThat(server.getRequestCount()).isEqualTo(2);

    String unknown = sign(JWSAlgorithm.RS256, "r3", TestTokens.rsaSigner(ROTATED), validClaims().build());
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> a.authenticate(headers(unknown), NOW.plusSeconds(41)))
          .isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("no key");
    }
    assertThat(server.getRequestCount()).as("unknown kids within the interval fetch nothing").isEqualTo(2);
  }

  @Test
  void anErrorStatusLeavesKeysUnavailable() {
    override.set(new MockResponse.Builder().code(503).body("down").build());
    JwtAuthenticator a = authenticator(Duration.ofSeconds(2));
    String token = sign(JWSAlgorithm.RS256, "r1", TestTokens.rsaSigner(RSA), validClaims().build());
    assertThatThrownBy(() -> a.authenticate(headers(token), NOW))
        .isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("signing keys unavailable");
    override.set(null);
    assertThat(JwtAuthenticatorTest.call(a, headers(token), NOW.plusSeconds(11)).userId()).isEqualTo("user-1");
  }

  @Test
  void aHangingJwksEndpointTimesOutQuickly() {
    override.set(new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).body("{}").build());
    JwtAuthenticator a = authenticator(Duration.ofMillis(300));
    String token = sign(JWSAlgorithm.RS256, "r1", TestTokens.rsaSigner(RSA), validClaims().build());
    long start = System.nanoTime();
    assertThatThrownBy(() -> a.authenticate(headers(token), NOW))
        .isInstanceOf(InvalidCredentialsException.class).hasMessageContaining("signing keys unavailable");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  private static RequestHeaders headers(String token) {
    return RequestHeaders.of(Map.of("Authorization", bearer(token)));
  }
}
