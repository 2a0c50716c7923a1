package dev.tollgate.dispatch;

import com.resend.core.exception.ResendException;
import com.resend.core.net.RequestOptions;
import com.resend.core.net.impl.HttpClient;
import com.resend.services.batch.model.BatchEmail;
import com.resend.services.batch.model.BatchError;
import com.resend.services.batch.model.CreateBatchEmailsResponse;
import com.resend.services.emails.model.CreateEmailOptions;
import com.resend.services.emails.model.Tag;
import dev.tollgate.email.EmailSender;
import dev.tollgate.email.OutgoingEmail;
import dev.tollgate.email.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends through Resend's batch endpoint ({@code POST /emails/batch}, up to 100 emails, see
 * {@link ResendBatchApi}) in permissive validation mode, so one bad address does not sink the
 * batch. The batch carries the
 * {@code Idempotency-Key} the dispatcher journaled it under ({@code SendBatch.keyFor}: one email's
 * own key, or a hash of the emails' keys), so a replayed batch is de-duplicated by Resend.
 */
public final class ResendEmailSender implements EmailSender {
  /** Environment variable with the Resend API key. */
  public static final String API_KEY_ENV = "RESEND_API_KEY";

  private final ResendBatchApi batch;
  private final ResendHttpClient http;

  /** A sender to Resend's API ({@code HttpClient.BASE_API}, the SDK's constant) with {@code apiKey}. */
  public ResendEmailSender(String apiKey) {
    this(apiKey, HttpClient.BASE_API);
  }

  /** A sender to a Resend-compatible API at {@code baseUrl} (tests: a local fake). */
  public ResendEmailSender(String apiKey, String baseUrl) {
    this.http = new ResendHttpClient(baseUrl, Duration.ofSeconds(10));
    this.batch = new ResendBatchApi(apiKey, http);
  }

  @Override
  public List<SendResult> send(String idempotencyKey, List<OutgoingEmail> emails) {
    List<CreateEmailOptions> options = new ArrayList<>(emails.size());
    for (OutgoingEmail m : emails) {
      options.add(toResend(m));
    }
    RequestOptions request = RequestOptions.builder().setIdempotencyKey(idempotencyKey)
        .add("x-batch-validation", "permissive").build();
    try {
      return results(emails.size(), batch.send(options, request));
    } catch (ResendException e) {
      return failure(emails.size(), e.getStatusCode(), e.getMessage());
    } catch (java.io.UncheckedIOException e) {
      return failure(emails.size(), null, e.getMessage());
    }
  }

  private List<SendResult> failure(int n, Integer status, String message) {
    int code = status == null ? 0 : status;
    String reason = "Resend " + (code == 0 ? "error" : code) + ": " + message;
    SendResult r;
    if (code == 429) {
      r = new SendResult.Retry(reason, http.lastRetryAfter(), true);
    } else if (code == 0 || code >= 500 || code == 408 || code == 409) {
      r = new SendResult.Retry(reason, http.lastRetryAfter(), false);
    } else {
      r = new SendResult.Failed(reason);
    }
    List<SendResult> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r);
    }
    return out;
  }

  /** Maps Resend's answer back to emails: {@code data} lists the accepted ones in order. */
  private static List<SendResult> results(int n, CreateBatchEmailsResponse res) {
    Map<Integer, String> errors = new HashMap<>();
    if (res.getErrors() != null) {
      for (BatchError e : res.getErrors()) {
        errors.put(e.getIndex(), e.getMessage());
      }
    }
    List<BatchEmail> data = res.getData() == null ? List.of() : res.getData();
    List<SendResult> out = new ArrayList<>(n);
    int next = 0;
    for (int i = 0; i < n; i++) {
      if (errors.containsKey(i)) {
        out.add(new SendResult.Failed("Resend rejected it: " + errors.get(i)));
      } else if (next < data.size()) {
        out.add(new SendResult.Sent(data.get(next++).getId()));
      } else {
        out.add(new SendResult.Retry("Resend returned no id for it", Duration.ZERO, false));
      }
    }
    return out;
  }

  static CreateEmailOptions toResend(OutgoingEmail m) {
    CreateEmailOptions.Builder b = CreateEmailOptions.builder().from(m.from()).to(m.to()).subject(m.subject())
        .headers(m.headers());
    if (m.html() != null) {
      b.html(m.html());
    }
    if (m.text() != null) {
      b.text(m.text());
    }
    if (m.replyTo() != null) {
      b.replyTo(m.replyTo());
    }
    m.tags().forEach((k, v) -> b.addTag(Tag.builder().name(k).value(v).build()));
    return b.build();
  }
}
