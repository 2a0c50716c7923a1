package dev.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiKeyAuthenticatorTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private final CountingStore store = new CountingStore(new InMemoryApiKeyStore());
  private final ApiKeyAuthenticator auth = new ApiKeyAuthenticator("Authorization", store, Duration.ofSeconds(60),
      Duration.ofSeconds(5));
  private final String key = store.create("user-1", "u1@example.com", NOW);

  record Case(String name, Map<String, String> headers, boolean accepted, String refusal) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code %KEY%} in a header value stands for the issued key. */
  static Stream<Case> cases() {
    return Stream.of(
        new Case("x-api-key", Map.of("x-api-key", "%KEY%"), true, null),
        new Case("X-API-Key in any case", Map.of("X-Api-KEY", "%KEY%"), true, null),
        new Case("Authorization: Bearer", Map.of("Authorization", "Bearer %KEY%"), true, null),
        new Case("authorization: bearer", Map.of("authorization", "bearer %KEY%"), true, null),
        new Case("x-api-key wins over Authorization", Map.of("x-api-key", "%KEY%", "Authorization", "Bearer junk"), true, null),
        new Case("no credential", Map.of(), false, "no x-api-key or authorization header"),
        new Case("Authorization without Bearer", Map.of("Authorization", "%KEY%"), false, "not \"Bearer <key>\""),
        new Case("malformed key", Map.of("x-api-key", "tg_short"), false, "malformed API key"),
        new Case("key with a stray space", Map.of("x-api-key", "%KEY% "), false, "malformed API key"),
        new Case("unknown key", Map.of("x-api-key", ApiKeys.generate()), false, "unknown or revoked"));
  }

  @Test
  void aStoredEmailThatIsNotOneAddressIsNotUsed() {
    String listKey = store.create("user-2", "a@example.com,\r\nb@example.com", NOW);
    assertThat(JwtAuthenticatorTest.call(auth, RequestHeaders.of(Map.of("x-api-key", listKey)), NOW))
        .isEqualTo(new Caller("user-2", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsKeysFromEitherHeader(Case c) {
    java.util.HashMap<String, String> headers = new java.util.HashMap<>();
    c.headers.forEach((k, v) -> headers.put(k, v.replace("%KEY%", key)));
    RequestHeaders h = RequestHeaders.of(headers);
    if (c.accepted) {
      assertThat(JwtAuthenticatorTest.call(auth, h, NOW)).isEqualTo(new Caller("user-1", "u1@example.com"));
    } else {
      assertThatThrownBy(() -> auth.authenticate(h, NOW)).isInstanceOf(InvalidCredentialsException.class)
          .hasMessageContaining(c.refusal)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
    }
  }

  @Test
  void ambiguousKeyHeaderIsRefused() {
    RequestHeaders h = RequestHeaders.of(Map.of("x-api-key", key), Map.of("X-API-KEY", List.of(ApiKeys.generate())));
    assertThatThrownBy(() -> auth.authenticate(h, NOW)).isInstanceOf(InvalidCredentialsException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void aSteadyCallerCostsOneStoreLookupPerTtl() {
    RequestHeaders h = RequestHeaders.of(Map.of("x-api-key", key));
    for (int i = 0; i < 1000; i++) {
      JwtAuthenticatorTest.call(auth, h, NOW.plusMillis(i * 59L));
    }
    assertThat(store.finds).as("1000 calls within 59 s").hasValue(1);
    JwtAuthenticatorTest.call(auth, h, NOW.plusSeconds(60));
    assertThat(store.finds).hasValue(2);
  }

  @Test
  void aRevokedKeyStopsWorkingWithinTheTtl() throws Exception {
    RequestHeaders h = RequestHeaders.of(Map.of("x-api-key", key));
    JwtAuthenticatorTest.call(auth, h, NOW);
    assertThat(store.revoke(key)).isTrue();
    assertThat(auth.authenticate(h, NOW.plusSeconds(59)).userId()).as("still cached").isEqualTo("user-1");
    assertThatThrownBy(() -> auth.authenticate(h, NOW.plusSeconds(60))).isInstanceOf(InvalidCredentialsException.class)
        .hasMessageContaining("unknown or revoked");
  }

  @Test
  void unknownKeysAreRememberedBriefly() {
    RequestHeaders h = RequestHeaders.of(Map.of("x-api-key", ApiKeys.generate()));
    for (int i = 0; i < 50; i++) {
      Instant at = NOW.plusMillis(i * 90L);
      assertThatThrownBy(() -> auth.authenticate(h, at)).isInstanceOf(InvalidCredentialsException.class);
    }
    assertThat(store.finds).as("50 tries within 4.5 s").hasValue(1);
    assertThatThrownBy(() -> auth.authenticate(h, NOW.plusSeconds(5))).isInstanceOf(InvalidCredentialsException.class);
    assertThat(store.finds).hasValue(2);
  }

  @Test
  void malformedKeysNeverReachTheStore() {
    RequestHeaders h = RequestHeaders.of(Map.of("x-api-key", "tg_not-a-real-key"));
    assertThatThrownBy(() -> auth.authenticate(h, NOW)).isInstanceOf(InvalidCredentialsException.class);
    assertThat(store.finds).hasValue(0);
  }

  /** Counts lookups reaching the store. */
  static final class CountingStore implements ApiKeyStore {
    final AtomicInteger finds = new AtomicInteger();
    private final ApiKeyStore inner;

    CountingStore(ApiKeyStore inner) {
      this.inner = inner;
    }

    @Override
    public Optional<Caller> findByHash(String sha256Hex) {
      finds.incrementAndGet();
      return inner.findByHash(sha256Hex);
    }

    @Override
    public String create(String userId, String email, String organisation, Instant now) {
      return inner.create(userId, email, organisation, now);
    }

    @Override
    public boolean revoke(String keyOrHash) {
      return inner.revoke(keyOrHash);
    }

    @Override
    public Set<String> hashesOf(String userId) {
      return inner.hashesOf(userId);
    }
  }
}
