package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch idempotency key and the journal form of a batch. */
class SendBatchTest {
  static final List<EmailJob> JOBS = List.of(EmailQueueContract.job("a", 0, Duration.ZERO),
      EmailQueueContract.job("b:c", 1, Duration.ofDays(3)));

  @Test
  void aSingleEmailGoesUnderItsOwnKeyAndABatchUnderAHashOfItsKeysInOrder() {
    SendBatch one = SendJournalContract.batchOf(JOBS.subList(0, 1));
    assertThat(one.idempotencyKey()).isEqualTo(JOBS.get(0).idempotencyKey());
    SendBatch two = SendJournalContract.batchOf(JOBS);
    SendBatch swapped = SendJournalContract.batchOf(List.of(JOBS.get(1), JOBS.get(0)));
    assertThat(two.idempotencyKey()).matches("tg-batch-[0-9a-f]{48}");
    assertThat(swapped.idempotencyKey()).isNotEqualTo(two.idempotencyKey());
  }

  @Test
  void theJournalFormRoundTripsJobsAndEmailsExactly() {
    SendBatch batch = SendJournalContract.batchOf(JOBS);
    SendBatch back = SendBatch.decode(batch.encode());
    assertThat(back).isEqualTo(batch);
    assertThat(back.emails().get(0).replyTo()).isNull();
    assertThat(back.emails().get(0).headers().keySet()).containsExactly("List-Unsubscribe", "List-Unsubscribe-Post");
    assertThat(batch.encode()).contains("\"ids\":[\"" + JOBS.get(0).id() + "\"");
  }

  @Test
  void leavingJobsOutKeepsTheirEmailsInStepAndReKeysTheRest() {
    SendBatch batch = SendJournalContract.batchOf(JOBS);
    SendBatch rest = batch.without(List.of(JOBS.get(0).id()));
    assertThat(rest).isEqualTo(SendJournalContract.batchOf(JOBS.subList(1, 2)));
    assertThat(rest.without(List.of(JOBS.get(1).id())).jobs()).isEmpty();
  }
}
