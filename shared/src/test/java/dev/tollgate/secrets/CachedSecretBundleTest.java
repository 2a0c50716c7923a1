package dev.tollgate.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.email.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TTL cache over a secret store: read once per TTL, rotations seen after it, failures survived. */
class CachedSecretBundleTest {
  static final String ID = "tollgate/authorizer";

  /** A store whose value and failure tests set; counts reads. */
  static final class Store implements SecretStore {
    String value;
    RuntimeException failure;
    int reads;

    @Override
    public String read(String secretId) {
      reads++;
      if (failure != null) {
        throw failure;
      }
      return value;
    }
  }

  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T00:00:00Z"));
  private final Store store = new Store();
  private final List<String> log = new ArrayList<>();

  private CachedSecretBundle bundle(Map<String, String> env) {
    return new CachedSecretBundle(store, ID, Duration.ofSeconds(60), clock, Secrets.of(env), log::add);
  }

  @Test
  void readsTheStoreOncePerTtlAndSeesARotationAfterIt() {
    store.value = "{\"JWT_SECRET\":\"old-secret\",\"REDIS_AUTH\":\"tok-1\"}";
    CachedSecretBundle b = bundle(Map.of());
    assertThat(b.get("JWT_SECRET")).isEqualTo("old-secret");
    assertThat(b.get("REDIS_AUTH")).isEqualTo("tok-1");
    store.value = "{\"JWT_SECRET\":\"new-secret\",\"REDIS_AUTH\":\"tok-2\"}";
    clock.advance(Duration.ofSeconds(59));
    assertThat(b.get("JWT_SECRET")).isEqualTo("old-secret");
    assertThat(store.reads).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(b.get("JWT_SECRET")).isEqualTo("new-secret");
    assertThat(b.get("REDIS_AUTH")).isEqualTo("tok-2");
    assertThat(store.reads).isEqualTo(2);
    assertThat(b.remote()).isTrue();
  }

  @Test
  void namesTheSecretLacksOrLeavesEmptyComeFromTheEnvironment() {
    store.value = "{\"JWT_SECRET\":\"\",\"LIMIT\":5}";
    CachedSecretBundle b = bundle(Map.of("JWT_SECRET", "from-env", "REDIS_URL", "redis://h:6379"));
    assertThat(b.get("JWT_SECRET")).isEqualTo("from-env");
    assertThat(b.get("REDIS_URL")).isEqualTo("redis://h:6379");
    assertThat(b.get("LIMIT")).isEqualTo("5");
    assertThat(b.get("NOPE")).isNull();
  }

  @Test
  void aFailedRefreshKeepsTheLastValuesLogsAndRetriesAtMostOnceASecond() {
    store.value = "{\"REDIS_AUTH\":\"tok-1\"}";
    CachedSecretBundle b = bundle(Map.of());
    assertThat(b.get("REDIS_AUTH")).isEqualTo("tok-1");
    store.failure = new SecretUnavailableException("secret " + ID + ": extension answered 500");
    clock.advance(Duration.ofSeconds(61));
    for (int i = 0; i < 50; i++) {
      assertThat(b.get("REDIS_AUTH")).isEqualTo("tok-1");
    }
    assertThat(store.reads).isEqualTo(2);
    assertThat(log).hasSize(1).allSatisfy(l -> assertThat(l).contains(ID).contains("500").doesNotContain("tok-1"));
    clock.advance(CachedSecretBundle.RETRY_AFTER_FAILURE);
    store.failure = null;
    store.value = "{\"REDIS_AUTH\":\"tok-2\"}";
    assertThat(b.get("REDIS_AUTH")).isEqualTo("tok-2");
  }

  @Test
  void withNothingReadYetAFailureIsThrownAndTheNextCallTriesAgain() {
    store.failure = new SecretUnavailableException("secret " + ID + ": extension did not answer");
    CachedSecretBundle b = bundle(Map.of());
    assertThatThrownBy(() -> b.get("REDIS_AUTH")).isSameAs(store.failure);
    store.failure = null;
    store.value = "{\"REDIS_AUTH\":\"tok-1\"}";
    assertThat(b.get("REDIS_AUTH")).isEqualTo("tok-1");
  }

  @Test
  void aSecretThatIsNotAnObjectOfSettingsIsRefusedWithoutQuotingIt() {
    store.value = "plain-secret-value";
    assertThatThrownBy(() -> bundle(Map.of()).get("X")).isInstanceOf(SecretUnavailableException.class)
        .hasMessageContaining(ID).hasMessageNotContaining("plain-secret-value");
    store.value = "{\"REDIS_AUTH\":{\"nested\":\"nested-secret\"}}";
    assertThatThrownBy(() -> bundle(Map.of()).get("X")).isInstanceOf(SecretUnavailableException.class)
        .hasMessageContaining("REDIS_AUTH").hasMessageNotContaining("nested-secret");
  }

  @Test
  void withoutTheSecretVariableTheEnvironmentIsUsedAsIsAndNothingIsRemote() {
    Secrets s = Secrets.fromEnvironment(Map.of("JWT_SECRET", "env-secret", "EMPTY", ""), clock);
    assertThat(s.remote()).isFalse();
    assertThat(s.get("JWT_SECRET")).isEqualTo("env-secret");
    assertThat(s.get("EMPTY")).isNull();
    Secrets remote = Secrets.fromEnvironment(Map.of(Secrets.SECRET_ARN_ENV, ID, Secrets.TTL_ENV, "5s"), clock);
    assertThat(remote.remote()).isTrue();
    assertThatThrownBy(() -> Secrets.fromEnvironment(Map.of(Secrets.SECRET_ARN_ENV, ID, Secrets.TTL_ENV, "soon"), clock))
        .hasMessageContaining(Secrets.TTL_ENV);
  }
}
