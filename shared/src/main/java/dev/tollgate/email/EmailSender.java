package dev.tollgate.email;

import java.util.List;

/** An email provider (Resend, or the local outbox). */
public interface EmailSender {
  /** Sends up to 100 emails in one provider call; one result per email, in order. */
  List<SendResult> send(List<OutgoingEmail> batch);
}
