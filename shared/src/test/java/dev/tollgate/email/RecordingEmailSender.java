package dev.tollgate.email;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A provider for tests: accepts everything (or answers what {@code answer} says per email) and
 * records every call and every accepted email.
 */
public final class RecordingEmailSender implements EmailSender {
  private final List<List<OutgoingEmail>> calls = new CopyOnWriteArrayList<>();
  private final List<OutgoingEmail> accepted = new CopyOnWriteArrayList<>();
  private volatile Function<OutgoingEmail, SendResult> answer = m -> new SendResult.Sent("id-" + m.jobId());

  /** Answers each email with {@code f} from now on. */
  public void answer(Function<OutgoingEmail, SendResult> f) {
    this.answer = f;
  }

  @Override
  public List<SendResult> send(String idempotencyKey, List<OutgoingEmail> batch) {
    calls.add(List.copyOf(batch));
    List<SendResult> out = new ArrayList<>();
    for (OutgoingEmail m : batch) {
      SendResult r = answer.apply(m);
      if (r instanceof SendResult.Sent) {
        accepted.add(m);
      }
      out.add(r);
    }
    return out;
  }

  /** Every provider call, in order. */
  public List<List<OutgoingEmail>> calls() {
    return calls;
  }

  /** Every email the provider accepted, in order. */
  public List<OutgoingEmail> accepted() {
    return accepted;
  }
}
