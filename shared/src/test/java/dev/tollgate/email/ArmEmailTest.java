package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An email of an experiment arm links to the arm's upgradeUrl, is tagged with the arm, and keeps its arm through the queue. */
class ArmEmailTest {
  static final Map<String, String> ARM_URLS = Map.of("upgrade_copy:urgency",
      "https://buy.stripe.com/urgent?client_reference_id={{userId}}");

  static EmailJob job(String arm) {
    return new EmailJob("u1", "u1@example.com", "features", "t", 0, 1_000L, 2_000L, 2_000L, 100, 100,
        Instant.parse("2025-07-01T00:00:00Z").toEpochMilli(), "free", 0, null, arm);
  }

  @Test
  void theArmsUpgradeUrlAndTagsAreUsed() {
    EmailRenderer r = new EmailRenderer(EmailRenderingTest.config("s", "h", "{{upgradeUrl}}"),
        EmailRenderingTest.LINKS, ARM_URLS);
    OutgoingEmail urgent = r.render(job("upgrade_copy:urgency"), "u1@example.com");
    assertThat(urgent.text()).isEqualTo("https://buy.stripe.com/urgent?client_reference_id=u1");
    assertThat(urgent.tags()).containsEntry("experiment", "upgrade_copy").containsEntry("arm", "urgency");
    OutgoingEmail control = r.render(job("upgrade_copy:control"), "u1@example.com");
    assertThat(control.text()).startsWith("https://buy.stripe.com/x?client_reference_id=u1");
    assertThat(control.tags()).containsEntry("arm", "control");
    OutgoingEmail none = r.render(job(null), "u1@example.com");
    assertThat(none.tags()).doesNotContainKeys("experiment", "arm");
  }

  @Test
  void theArmSurvivesTheQueueCodecAndRetries() {
    EmailJob j = job("upgrade_copy:urgency");
    assertThat(EmailJob.decode(j.encode())).isEqualTo(j);
    assertThat(j.failedAttempt("boom", 5).arm()).isEqualTo("upgrade_copy:urgency");
    assertThat(j.withError("x").arm()).isEqualTo("upgrade_copy:urgency");
    assertThat(EmailJob.decode(job(null).encode()).arm()).isNull();
    // the arm is no part of the job's identity or its provider idempotency key
    assertThat(j.id()).isEqualTo(job(null).id());
    assertThat(j.idempotencyKey()).isEqualTo(job(null).idempotencyKey());
  }
}
