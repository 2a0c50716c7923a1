package dev.tollgate.email;

import java.util.List;

/** An email provider (Resend, or the local outbox). */
public interface EmailSender {
  /**
   * Sends up to 100 emails in one provider call under {@code idempotencyKey} (the key the
   * dispatcher journaled; the same key with the same emails must not send twice); one result per
   * email, in order.
   */
  List<SendResult> send(String idempotencyKey, List<OutgoingEmail> batch);
}
