package dev.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyStore} must do; subclasses supply the backend. */
public abstract class ApiKeyStoreContract {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  /** A store to test (may be shared across tests: users are unique per test). */
  protected abstract ApiKeyStore store();

  /** A user id no other test uses. */
  protected abstract String newUser();

  @Test
  void aCreatedKeyFindsItsCallerByHash() {
    String user = newUser();
    String key = store().create(user, user + "@example.com", NOW);
    assertThat(ApiKeys.wellFormed(key)).isTrue();
    assertThat(store().findByHash(ApiKeys.sha256Hex(key))).contains(new Caller(user, user + "@example.com"));
  }

  @Test
  void aKeyIssuedForAnOrganisationDrawsOnItsAccount() {
    String user = newUser();
    String key = store().create(user, null, "acme-" + user, NOW);
    Caller c = store().findByHash(ApiKeys.sha256Hex(key)).orElseThrow();
    assertThat(c.account()).isEqualTo(AccountId.organisation("acme-" + user));
    assertThat(c.user()).isEqualTo(UserId.of(user));
    assertThatThrownBy(() -> store().create(user, null, "bad}org", NOW)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emailIsOptional() {
    String user = newUser();
    String key = store().create(user, null, NOW);
    assertThat(store().findByHash(ApiKeys.sha256Hex(key))).contains(new Caller(user, null));
  }

  @Test
  void onlyTheHashIsListedAndEveryKeyIsNew() {
    String user = newUser();
    String a = store().create(user, null, NOW);
    String b = store().create(user, null, NOW);
    assertThat(a).isNotEqualTo(b);
    assertThat(store().hashesOf(user)).containsExactlyInAnyOrder(ApiKeys.sha256Hex(a), ApiKeys.sha256Hex(b))
        .doesNotContain(a, b);
  }

  @Test
  void anUnknownHashFindsNothing() {
    assertThat(store().findByHash(ApiKeys.sha256Hex(ApiKeys.generate()))).isEqualTo(Optional.empty());
    assertThat(store().hashesOf(newUser())).isEmpty();
  }

  @Test
  void revokingByKeyRemovesLookupAndListing() {
    String user = newUser();
    String keep = store().create(user, null, NOW);
    String gone = store().create(user, null, NOW);
    assertThat(store().revoke(gone)).isTrue();
    assertThat(store().findByHash(ApiKeys.sha256Hex(gone))).isEmpty();
    assertThat(store().hashesOf(user)).containsExactly(ApiKeys.sha256Hex(keep));
    assertThat(store().revoke(gone)).as("second revocation").isFalse();
  }

  @Test
  void revokingByHashWorksToo() {
    String user = newUser();
    String key = store().create(user, null, NOW);
    assertThat(store().revoke(ApiKeys.sha256Hex(key))).isTrue();
    assertThat(store().findByHash(ApiKeys.sha256Hex(key))).isEmpty();
    assertThat(store().hashesOf(user)).isEmpty();
  }

  @Test
  void revokingAnUnknownKeyIsFalse() {
    assertThat(store().revoke(ApiKeys.generate())).isFalse();
  }

  @Test
  void unusableUserIdsAndRevocationInputsAreRefused() {
    assertThatThrownBy(() -> store().create("a{b}", null, NOW)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().create("", null, NOW)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().revoke("not-a-key")).isInstanceOf(IllegalArgumentException.class);
  }
}
