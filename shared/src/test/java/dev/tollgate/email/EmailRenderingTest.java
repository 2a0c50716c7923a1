package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.EmailConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Rendering, escaping, idempotency keys and links, table-driven. */
class EmailRenderingTest {
  static final String SECRET = "test-unsubscribe-secret";
  static final UnsubscribeLinks LINKS = new UnsubscribeLinks("https://api.acme.dev/email/unsubscribe", SECRET);

  static EmailConfig config(String subject, String html, String text) {
    return new EmailConfig("Acme <billing@acme.dev>",
        "https://buy.stripe.com/x?client_reference_id={{userId}}&prefilled_email={{email}}",
        "https://api.acme.dev/email/unsubscribe", Optional.empty(),
        Map.of("t", new EmailConfig.Template("t", List.of(new EmailConfig.SequenceStep(Duration.ZERO, subject, html,
            text)))),
        new EmailConfig.Dispatch(2, 5, Duration.ofMinutes(1), Duration.ofMinutes(5), 100));
  }

  static EmailJob job(String user, String email) {
    return new EmailJob(user, email, "features", "t", 0, 1_000L, 2_000L, 2_000L, 100, 100,
        Instant.parse("2025-07-01T00:00:00Z").toEpochMilli(), "free", 0, null);
  }

  @ParameterizedTest(name = "{0} in html as {2}")
  @CsvSource(delimiter = '|', value = {
      "{{userId}}|u<1>|u&lt;1&gt;",
      "{{userId}}|a&b|a&amp;b",
      "{{userId}}|\"q\"'s|&quot;q&quot;&#39;s",
      "{{used}}/{{limit}}|u1|100/100",
      "{{ loop }}|u1|features",
      "{{resetAt}}|u1|2025-07-01 00:00 UTC",
      "{{step}} {{plan}}|u1|1 free",
      "{{upgradeUrl}}|a&b|https://buy.stripe.com/x?client_reference_id=tg64_YSZi&amp;prefilled_email=x%2By%40example.com",
  })
  void htmlValuesAreEscaped(String template, String user, String expected) {
    OutgoingEmail m = new EmailRenderer(config("s", template, "t"), LINKS).render(job(user, "x+y@example.com"),
        "x+y@example.com");
    assertThat(m.html()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} in text as {2}")
  @CsvSource(delimiter = '|', value = {
      "{{userId}}|u<1>|u<1>",
      "{{email}}|u1|x+y@example.com",
      "{{upgradeUrl}}|a b|https://buy.stripe.com/x?client_reference_id=tg64_YSBi&prefilled_email=x%2By%40example.com",
      "{{unknown}} stays|u1|{{unknown}} stays",
  })
  void textValuesAreRaw(String template, String user, String expected) {
    OutgoingEmail m = new EmailRenderer(config("s", "h", template), LINKS).render(job(user, "x+y@example.com"),
        "x+y@example.com");
    assertThat(m.text()).isEqualTo(expected);
  }

  @Test
  void subjectCannotCarryLineBreaksAndHeadersTagsAndKeyAreSet() {
    OutgoingEmail m = new EmailRenderer(config("Hi {{userId}}", "h", ""), LINKS).render(job("a\r\nBcc: x", "e@x.io"),
        "e@x.io");
    assertThat(m.subject()).isEqualTo("Hi a Bcc: x");
    assertThat(m.text()).isNull();
    assertThat(m.headers()).containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
        .containsEntry("List-Unsubscribe", "<" + LINKS.link("a\r\nBcc: x") + ">");
    assertThat(m.tags()).containsEntry("loop", "features").containsEntry("step", "1");
    assertThat(m.idempotencyKey()).isEqualTo(job("a\r\nBcc: x", "other@x.io").idempotencyKey());
    assertThat(m.to()).isEqualTo("e@x.io");
  }

  @Test
  void accountIdNamesTheAccountThatReachedTheLimitElseTheUsersOwn() {
    EmailConfig base = config("s", "h", "{{accountId}} {{upgradeUrl}}");
    EmailConfig c = new EmailConfig(base.from(), "https://buy.stripe.com/x?client_reference_id={{accountId}}",
        base.unsubscribeBaseUrl(), base.replyTo(), base.templates(), base.dispatch());
    EmailJob team = new EmailJob("u1", "e@x.io", "features", "t", 0, 1, 1, 1, 1, 1, 1, "free", 0, null, null, "@acme");
    EmailJob decoded = EmailJob.decode(team.encode());
    assertThat(decoded.account()).isEqualTo("@acme");
    assertThat(new EmailRenderer(c, LINKS).render(decoded, "e@x.io").text())
        .isEqualTo("@acme https://buy.stripe.com/x?client_reference_id=" + dev.tollgate.plan.ClientReferenceId.encode("@acme"));
    assertThat(new EmailRenderer(c, LINKS).render(job("u1", "e@x.io"), "e@x.io").text()).startsWith("u1 ");
  }

  @Test
  void aStepTheConfigNoLongerHasIsAnError() {
    EmailJob gone = new EmailJob("u", "e@x.io", "features", "t", 3, 1, 1, 1, 1, 1, 1, "free", 0, null);
    assertThatThrownBy(() -> new EmailRenderer(config("s", "h", "t"), LINKS).render(gone, "e@x.io"))
        .hasMessageContaining("email.templates.t has no step 4");
  }

  @ParameterizedTest(name = "key of {0}/{1}/{2}/{3}")
  @CsvSource({"u1,features,1000,0", "u1,features,1000,1", "u1,features,2000,0", "u2,features,1000,0",
      "u1,other,1000,0"})
  void idempotencyKeyIsStableAndDistinctPerUserLoopWindowAndStep(String user, String loop, long window, int step) {
    EmailJob a = new EmailJob(user, "a@x.io", loop, "t", step, window, 5, 6, 1, 2, 3, "free", 0, null);
    EmailJob b = new EmailJob(user, null, loop, "t", step, window, 7, 8, 9, 9, 9, "free", 3, "boom");
    EmailJob base = new EmailJob("u1", "a@x.io", "features", "t", 0, 1000, 5, 6, 1, 2, 3, "free", 0, null);
    assertThat(a.idempotencyKey()).isEqualTo(b.idempotencyKey()).hasSizeLessThanOrEqualTo(120);
    assertThat(a.idempotencyKey().equals(base.idempotencyKey())).isEqualTo(a.id().equals(base.id()));
    assertThat(EmailJob.decode(b.encode())).isEqualTo(b);
    assertThat(EmailJob.decode(a.encode())).isEqualTo(a);
  }

  @ParameterizedTest(name = "verify({0}, {1}) = {2}")
  @CsvSource({
      "user-1,,true",
      "user-1,tampered,false",
      "user-2,sig-of-user-1,false",
      "user-1,'',false",
      "user-1,not base64!,false",
      "user-1,spare-bits,false",
  })
  void unsubscribeSignaturesVerifyOnlyForTheirUser(String user, String sig, boolean ok) {
    String given = sig == null ? LINKS.signature("user-1") : sig.equals("sig-of-user-1") ? LINKS.signature("user-1")
        : sig.equals("tampered") ? LINKS.signature("user-1").substring(1) + "A"
        : sig.equals("spare-bits") ? flipLastBit(LINKS.signature("user-1")) : sig;
    assertThat(LINKS.verify(user, given)).isEqualTo(ok);
    assertThat(new UnsubscribeLinks("https://x.io/u", "another-secret-of-16+").verify("user-1",
        LINKS.signature("user-1"))).isFalse();
  }

  /** The same bytes once decoded: only the last character's unused low bit differs. */
  static String flipLastBit(String sig) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int v = alphabet.indexOf(sig.charAt(sig.length() - 1));
    return sig.substring(0, sig.length() - 1) + alphabet.charAt(v ^ 1);
  }

  @Test
  void unsubscribeLinkCarriesTheEncodedUserAndSignature() {
    assertThat(LINKS.link("a b&c")).isEqualTo("https://api.acme.dev/email/unsubscribe?u=a+b%26c&s="
        + LINKS.signature("a b&c"));
    assertThatThrownBy(() -> new UnsubscribeLinks("https://x.io", "short")).hasMessageContaining("UNSUBSCRIBE_SECRET");
  }

  @Test
  void withCheckoutTheUpgradeLinkIsTheAccountsSignedLinkMadeAtSendTimeAndAnArmOverrideStillWins() {
    Instant sent = Instant.parse("2026-03-01T10:00:00Z");
    dev.tollgate.checkout.UpgradeLinks upgrade = new dev.tollgate.checkout.UpgradeLinks(
        "https://api.acme.dev/billing/upgrade", Duration.ofDays(7), "test-link-secret-0123456789", "UNSUBSCRIBE_SECRET");
    EmailRenderer r = new EmailRenderer(config("s", "h", "{{upgradeUrl}}"), LINKS, Map.of("x:urgent", "https://x/{{userId}}"),
        upgrade, java.time.Clock.fixed(sent, java.time.ZoneOffset.UTC));
    EmailJob ofOrg = new EmailJob("ada", null, "features", "t", 0, 1_000L, 2_000L, 2_000L, 100, 100, 3_000L, "free", 0,
        null, null, "@acme");
    assertThat(r.render(ofOrg, "ada@example.com").text()).isEqualTo(upgrade.link(dev.tollgate.identity.AccountId.parse(
        "@acme"), "ada@example.com", sent));
    assertThat(r.render(job("ada", null), "ada@example.com").text()).as("a job from before jobs named their account")
        .isEqualTo(upgrade.link(dev.tollgate.identity.AccountId.parse("ada"), "ada@example.com", sent));
    EmailJob onArm = new EmailJob("ada", null, "features", "t", 0, 1_000L, 2_000L, 2_000L, 100, 100, 3_000L, "free", 0,
        null, "x:urgent", "@acme");
    assertThat(r.render(onArm, "ada@example.com").text()).isEqualTo("https://x/ada");
  }

  @Test
  void aJobKeepsItsAccountThroughTheQueueEncoding() {
    EmailJob j = new EmailJob("ada", null, "features", "t", 0, 1L, 2L, 3L, 4, 5, 6L, "free", 0, null, null, "@acme");
    assertThat(EmailJob.decode(j.encode())).isEqualTo(j);
    assertThat(EmailJob.decode(j.encode()).failedAttempt("e", 9L).account()).isEqualTo("@acme");
  }
}
