package dev.tollgate.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.email.EmailJob;
import dev.tollgate.email.EmailProfile;
import dev.tollgate.email.OutgoingEmail;
import dev.tollgate.email.SendBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The email scripts' codecs, without Redis: each call in the order its script's header states,
 * each reply decoded (and a reply of the wrong shape refused by name).
 */
class EmailScriptCodecsTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final EmailQueueKeys Q = EmailQueueKeys.named("t");
  static final EmailJob JOB = new EmailJob("user:1", "a@example.com", "features", "upgrade_prompt", 1, 1000, 2000,
      3000, 100, 100, 4000, "free", 2, "Resend 503");

  static SendBatch batch() {
    OutgoingEmail m = new OutgoingEmail(JOB.id(), JOB.idempotencyKey(), "Acme <b@acme.dev>", "a@example.com", null,
        "s", "<p>h</p>", "t", Map.of(), Map.of("loop", "features"));
    return SendBatch.of(List.of(JOB), List.of(m));
  }

  @Test
  void queueKeysAreAllInTheGlobalSlotUnderTheQueuesName() {
    assertThat(List.of(Q.due(), Q.lease(), Q.items(), Q.done(), Q.dead(), Q.sending(), Q.sendingAt(), Q.inflight()))
        .containsExactly("{tg}:q:t:due", "{tg}:q:t:lease", "{tg}:q:t:items", "{tg}:q:t:done", "{tg}:q:t:dead",
            "{tg}:q:t:sending", "{tg}:q:t:sendingAt", "{tg}:q:t:inflight");
    assertThat(EmailQueueKeys.named("").due()).isEqualTo("{tg}:q:due");
  }

  @Test
  void scheduleSendsTriplesOfIdDueAndPayloadOverTheQueuesKeysOnly() {
    ScriptCall c = EmailScheduleScript.call(Q, NOW, Duration.ofDays(40), List.of(JOB));
    assertThat(c.keys()).containsExactly(Q.due(), Q.items(), Q.done());
    assertThat(c.args()).containsExactly(Long.toString(NOW.toEpochMilli()),
        Long.toString(Duration.ofDays(40).toMillis()), JOB.id(), "3000", JOB.encode());
    assertThat(EmailScheduleScript.reply(3L)).isEqualTo(3);
  }

  @Test
  void claimLeasesUntilTheEndItIsGivenAndDecodesIdPayloadPairs() {
    ScriptCall c = EmailClaimScript.call(Q, NOW, NOW.plusSeconds(300), 7);
    assertThat(c.keys()).containsExactly(Q.due(), Q.lease(), Q.items());
    assertThat(c.args()).containsExactly(Long.toString(NOW.toEpochMilli()),
        Long.toString(NOW.plusSeconds(300).toEpochMilli()), "7");
    assertThat(EmailClaimScript.reply(List.of(JOB.id(), JOB.encode()))).containsExactly(JOB);
    assertThat(EmailClaimScript.reply(List.of())).isEmpty();
    assertThatThrownBy(() -> EmailClaimScript.reply(List.of(JOB.id())))
        .hasMessageContaining("email_claim.lua").hasMessageContaining("pairs");
  }

  @Test
  void finishNamesOnlyTheQueuesKeysAndDecodesOneFlagPerJob() {
    ScriptCall c = EmailFinishScript.call(Q, NOW, List.of("a", "b"));
    assertThat(c.keys()).as("the funnel's keys are the funnel's own").containsExactly(Q.due(), Q.lease(), Q.items(),
        Q.done(), Q.inflight());
    assertThat(c.args()).containsExactly(Long.toString(NOW.toEpochMilli()), "a", "b");
    assertThat(EmailFinishScript.reply(List.of(1L, 0L))).containsExactly(true, false);
    assertThatThrownBy(() -> EmailFinishScript.reply("OK")).hasMessageContaining("email_finish.lua");
  }

  @Test
  void requeueModesCarryTheirScoresAndPayloads() {
    List<String> keys = List.of(Q.due(), Q.lease(), Q.items(), Q.dead(), Q.inflight());
    ScriptCall retry = EmailRequeueScript.retry(Q, List.of(JOB));
    assertThat(retry.keys()).isEqualTo(keys);
    assertThat(retry.args()).containsExactly("retry", JOB.id(), "3000", JOB.encode());
    assertThat(EmailRequeueScript.dead(Q, List.of(JOB), NOW).args())
        .containsExactly("dead", JOB.id(), Long.toString(NOW.toEpochMilli()), JOB.encode());
    String token = Long.toString(NOW.plusSeconds(300).toEpochMilli());
    assertThat(EmailRequeueScript.release(Q, List.of(JOB, JOB), NOW.plusSeconds(300), NOW).args())
        .as("a release carries the claim's lease token where the others carry a payload").containsExactly("release",
            JOB.id(), Long.toString(NOW.toEpochMilli()), token, JOB.id(), Long.toString(NOW.toEpochMilli()), token);
    assertThat(EmailRequeueScript.reply(2L)).isEqualTo(2);
  }

  @Test
  void beginJournalsTheBatchWithItsLeaseTokenAndJobIdsAndPostponeWithout() {
    SendBatch b = batch();
    List<String> keys = List.of(Q.lease(), Q.items(), Q.sending(), Q.sendingAt(), Q.inflight());
    ScriptCall begin = EmailBeginSendScript.begin(Q, b, NOW.plusSeconds(300), NOW);
    assertThat(begin.keys()).isEqualTo(keys);
    assertThat(begin.args()).containsExactly("begin", b.idempotencyKey(), b.encode(),
        Long.toString(NOW.toEpochMilli()), Long.toString(NOW.plusSeconds(300).toEpochMilli()), JOB.id());
    assertThat(EmailBeginSendScript.postpone(Q, b, NOW).args()).containsExactly("postpone", b.idempotencyKey(),
        b.encode(), Long.toString(NOW.toEpochMilli()));
    assertThat(EmailBeginSendScript.reply(List.of(JOB.id()))).containsExactly(JOB.id());
  }

  @Test
  void claimSendsDecodesKeyPayloadPairsIntoBatches() {
    SendBatch b = batch();
    ScriptCall c = EmailClaimSendsScript.call(Q, NOW, NOW.plusSeconds(300), 10);
    assertThat(c.keys()).containsExactly(Q.sending(), Q.sendingAt(), Q.inflight());
    assertThat(c.args()).containsExactly(Long.toString(NOW.toEpochMilli()),
        Long.toString(NOW.plusSeconds(300).toEpochMilli()), "10");
    assertThat(EmailClaimSendsScript.reply(List.of(b.idempotencyKey(), b.encode()))).containsExactly(b);
  }

  @Test
  void endSendNamesTheEntryAndSaysWhetherOneWasThere() {
    ScriptCall c = EmailEndSendScript.call(Q, "tg-batch-x");
    assertThat(c.keys()).containsExactly(Q.sending(), Q.sendingAt());
    assertThat(c.args()).containsExactly("tg-batch-x");
    assertThat(EmailEndSendScript.reply(1L)).isTrue();
    assertThat(EmailEndSendScript.reply(0L)).isFalse();
  }

  @Test
  void aProfileReadsTheUsersProfileAndItsAccountAndDecodesAbsentFieldsAsNull() {
    ScriptCall c = EmailProfileScript.call("user:1");
    assertThat(c.keys()).containsExactly("{a:user:1}:e", "{a:user:1}");
    assertThat(c.args()).isEmpty();
    assertThat(EmailProfileScript.reply(Arrays.asList("a@example.com", null, "5", "paid", null)))
        .isEqualTo(new EmailProfile("a@example.com", null, 5L, "paid", null));
    assertThat(EmailProfileScript.reply(Arrays.asList(null, null, null, null, null))).isEqualTo(EmailProfile.EMPTY);
    assertThat(EmailProfileScript.reply(Arrays.asList("", "garbled", null, null, null)))
        .as("a damaged unsubscribe time still suppresses").isEqualTo(new EmailProfile(null, 0L, null, null, null));
  }

  @Test
  void aPromptSentNamesTheLoopsFieldAndTheTimelinesTtl() {
    ScriptCall c = EmailPromptSentScript.call("user:1", "features", 2, Duration.ofDays(30));
    assertThat(c.keys()).containsExactly("{a:user:1}:t");
    assertThat(c.args()).containsExactly("pr:features", "2", Long.toString(Duration.ofDays(30).toMillis()));
    assertThat(EmailPromptSentScript.reply(2L)).isEqualTo(2);
  }
}
