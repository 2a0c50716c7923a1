package dev.tollgate.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.email.UnsubscribeLinks;
import dev.tollgate.identity.AccountId;
import dev.tollgate.testing.CheckoutSamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Signed, expiring upgrade links: what they carry, and that nothing else passes. */
class UpgradeLinksTest {
  static final String SECRET = "test-link-secret-0123456789abcdef";
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  final UpgradeLinks links = new UpgradeLinks("https://api.acme.dev/billing/upgrade", Duration.ofDays(7), SECRET,
      UpgradeLinks.SECRET_ENV);

  static Map<String, String> query(String link) {
    return CheckoutSamples.query(link);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ada", "@acme", "auth0|abc 123", "\\@odd", "ada@example.com"})
  void aLinkNamesItsAccountAndIsValidUntilItsExpiry(String id) {
    AccountId account = AccountId.parse(id);
    String link = links.link(account, null, T0);
    assertThat(link).startsWith("https://api.acme.dev/billing/upgrade?a=");
    Map<String, String> q = query(link);
    assertThat(q).containsEntry("a", id).containsEntry("x", Long.toString(T0.plus(Duration.ofDays(7)).getEpochSecond()));
    assertThat(links.check(q, T0.plus(Duration.ofDays(7)).minusSeconds(1)))
        .isEqualTo(new UpgradeLinks.Check(UpgradeLinks.Status.VALID, account, Optional.empty()));
    assertThat(links.check(q, T0.plus(Duration.ofDays(7))))
        .isEqualTo(new UpgradeLinks.Check(UpgradeLinks.Status.EXPIRED, account, Optional.empty()));
  }

  @Test
  void anyChangedPartIsInvalid() {
    Map<String, String> q = query(links.link(AccountId.parse("ada"), null, T0));
    for (String key : q.keySet()) {
      Map<String, String> tampered = new LinkedHashMap<>(q);
      tampered.put(key, key.equals("x") ? Long.toString(Long.parseLong(q.get(key)) + 86_400) : q.get(key) + "x");
      assertThat(links.check(tampered, T0).status()).as("changed " + key).isEqualTo(UpgradeLinks.Status.INVALID);
      tampered.remove(key);
      assertThat(links.check(tampered, T0).status()).as("without " + key).isEqualTo(UpgradeLinks.Status.INVALID);
    }
    Map<String, String> other = new LinkedHashMap<>(q);
    other.put("a", "bob");
    assertThat(links.check(other, T0).status()).isEqualTo(UpgradeLinks.Status.INVALID);
  }

  @Test
  void aLinkMayCarryTheCallersEmailWhichIsSignedToo() {
    Map<String, String> q = query(links.link(AccountId.parse("@acme"), "ada+1@example.com", T0));
    assertThat(q).containsEntry("e", "ada+1@example.com");
    assertThat(links.check(q, T0)).isEqualTo(new UpgradeLinks.Check(UpgradeLinks.Status.VALID, AccountId.parse("@acme"),
        Optional.of("ada+1@example.com")));
    Map<String, String> changed = new LinkedHashMap<>(q);
    changed.put("e", "mallory@example.com");
    assertThat(links.check(changed, T0).status()).isEqualTo(UpgradeLinks.Status.INVALID);
    changed.remove("e");
    assertThat(links.check(changed, T0).status()).as("the email dropped").isEqualTo(UpgradeLinks.Status.INVALID);
  }

  @Test
  void anotherSecretsLinkIsInvalid() {
    UpgradeLinks theirs = new UpgradeLinks("https://api.acme.dev/billing/upgrade", Duration.ofDays(7),
        "another-secret-0123456789abcdef", UpgradeLinks.SECRET_ENV);
    assertThat(links.check(query(theirs.link(AccountId.parse("ada"), null, T0)), T0).status())
        .isEqualTo(UpgradeLinks.Status.INVALID);
  }

  @Test
  void anUnsubscribeSignatureIsNeverAnUpgradeSignatureOnTheSameSecret() {
    UnsubscribeLinks unsubscribe = new UnsubscribeLinks("https://api.acme.dev/email/unsubscribe", SECRET);
    Map<String, String> q = query(links.link(AccountId.parse("ada"), null, T0));
    assertThat(unsubscribe.verify(q.get("x") + ":ada", q.get("s"))).isFalse();
    String payload = q.get("x") + ":ada";
    Map<String, String> forged = new LinkedHashMap<>(q);
    forged.put("s", unsubscribe.signature(payload));
    assertThat(links.check(forged, T0).status()).isEqualTo(UpgradeLinks.Status.INVALID);
  }

  @Test
  void unsubscribeLinksMadeBeforeTheSharedSignerStillVerify() {
    // HMAC-SHA256("tollgate-unsubscribe:ada") with this secret, as UnsubscribeLinks signed it before LinkSigner
    UnsubscribeLinks unsubscribe = new UnsubscribeLinks("https://x/u", SECRET);
    assertThat(unsubscribe.signature("ada")).isEqualTo(legacyUnsubscribeSignature("ada"));
  }

  @Test
  void aMissingOrShortSecretIsRefusedNamingItsVariable() {
    assertThatThrownBy(() -> new UpgradeLinks("https://x/u", Duration.ofDays(1), "short", UpgradeLinks.SECRET_ENV))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNSUBSCRIBE_SECRET");
  }

  private static String legacyUnsubscribeSignature(String userId) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
          mac.doFinal(("tollgate-unsubscribe:" + userId).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
