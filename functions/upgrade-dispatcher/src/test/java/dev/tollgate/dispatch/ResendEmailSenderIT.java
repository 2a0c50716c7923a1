package dev.tollgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.email.OutgoingEmail;
import dev.tollgate.email.SendBatch;
import dev.tollgate.email.SendResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** resend-java's batch call against a local fake speaking Resend's API. */
class ResendEmailSenderIT {
  MockWebServer resend;
  ResendEmailSender sender;

  @BeforeEach
  void start() throws Exception {
    resend = new MockWebServer();
    resend.start();
    sender = new ResendEmailSender("re_test_key", resend.url("/").toString());
  }

  @AfterEach
  void stop() {
    resend.close();
  }

  static OutgoingEmail email(int i) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("List-Unsubscribe", "<https://api.acme.dev/email/unsubscribe?u=u" + i + "&s=sig>");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("loop", "features");
    tags.put("step", "1");
    return new OutgoingEmail("job" + i, "tg-features-upgrade_prompt-1-0-" + i, "Acme <billing@acme.dev>",
        "u" + i + "@example.com", null, "Subject " + i, "<p>hi</p>", "hi", headers, tags);
  }

  @Test
  void aBatchIsOneCallWithKeysHeadersAndTags() throws Exception {
    resend.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"data\":[{\"id\":\"ae2014de-1\"},{\"id\":\"ae2014de-2\"}]}").build());
    List<SendResult> r = send(sender, email(1), email(2));
    assertThat(r).containsExactly(new SendResult.Sent("ae2014de-1"), new SendResult.Sent("ae2014de-2"));
    RecordedRequest req = resend.takeRequest();
    assertThat(req.getMethod()).isEqualTo("POST");
    assertThat(req.getTarget()).isEqualTo("/emails/batch");
    assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer re_test_key");
    assertThat(req.getHeaders().get("Idempotency-Key")).isEqualTo(SendBatch.keyFor(List.of(email(1), email(2))));
    assertThat(req.getHeaders().get("x-batch-validation")).isEqualTo("permissive");
    String body = req.getBody().utf8();
    assertThat(body).contains("\"to\":[\"u1@example.com\"]", "\"List-Unsubscribe-Post\":\"List-Unsubscribe=One-Click\"",
        "{\"name\":\"loop\",\"value\":\"features\"}", "{\"name\":\"step\",\"value\":\"1\"}", "\"subject\":\"Subject 2\"");
    assertThat(resend.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theBatchGoesUnderTheKeyTheDispatcherJournaledNotARecomputedOne() throws Exception {
    resend.enqueue(new MockResponse.Builder().code(200).body("{\"data\":[{\"id\":\"x\"}]}").build());
    sender.send("tg-batch-journaled", List.of(email(7)));
    assertThat(resend.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("tg-batch-journaled");
  }

  @Test
  void partialErrorsFailOnlyTheEmailsNamed() {
    resend.enqueue(new MockResponse.Builder().code(200).body("{\"data\":[{\"id\":\"a\"},{\"id\":\"c\"}],"
        + "\"errors\":[{\"index\":1,\"message\":\"Invalid `to` field.\"}]}").build());
    List<SendResult> r = send(sender, email(1), email(2), email(3));
    assertThat(r.get(0)).isEqualTo(new SendResult.Sent("a"));
    assertThat(r.get(1)).isInstanceOf(SendResult.Failed.class);
    assertThat(((SendResult.Failed) r.get(1)).reason()).contains("Invalid `to` field.");
    assertThat(r.get(2)).isEqualTo(new SendResult.Sent("c"));
  }

  @Test
  void aRateLimitIsRetryableWithTheServersRetryAfter() {
    resend.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2")
        .body("{\"statusCode\":429,\"name\":\"rate_limit_exceeded\",\"message\":\"Too many requests.\"}").build());
    List<SendResult> r = send(sender, email(1), email(2));
    assertThat(r).containsOnly(new SendResult.Retry("Resend 429: Too many requests.", Duration.ofSeconds(2), true));
  }

  @Test
  void serverErrorsAreRetryableAndValidationErrorsAreNot() {
    resend.enqueue(new MockResponse.Builder().code(503).body("{\"statusCode\":503,\"name\":\"internal_server_error\","
        + "\"message\":\"Service unavailable\"}").build());
    resend.enqueue(new MockResponse.Builder().code(422).body("{\"statusCode\":422,\"name\":\"validation_error\","
        + "\"message\":\"Invalid from field\"}").build());
    SendResult r503 = send(sender, email(1)).get(0);
    assertThat(r503).isInstanceOf(SendResult.Retry.class);
    assertThat(((SendResult.Retry) r503).rateLimited()).isFalse();
    assertThat(send(sender, email(1)).get(0)).isInstanceOf(SendResult.Failed.class);
  }

  @Test
  void aReplyToGoesOutAsResendsReplyToField() throws Exception {
    resend.enqueue(new MockResponse.Builder().code(200).body("{\"data\":[{\"id\":\"r\"}]}").build());
    OutgoingEmail m = email(3);
    OutgoingEmail withReplyTo = new OutgoingEmail(m.jobId(), m.idempotencyKey(), m.from(), m.to(), "support@acme.dev",
        m.subject(), m.html(), m.text(), m.headers(), m.tags());
    assertThat(send(sender, withReplyTo)).containsExactly(new SendResult.Sent("r"));
    String body = resend.takeRequest().getBody().utf8();
    assertThat(body).startsWith("[").contains("\"reply_to\":", "support@acme.dev", "\"from\":\"Acme <billing@acme.dev>\"");
  }

  @Test
  void aRevokedApiKeyIsAFailureNotARetry() {
    resend.enqueue(new MockResponse.Builder().code(403).body("{\"statusCode\":403,\"name\":\"invalid_api_key\","
        + "\"message\":\"API key is invalid\"}").build());
    assertThat(send(sender, email(1))).containsExactly(new SendResult.Failed("Resend 403: API key is invalid"));
  }

  @Test
  void anUnreachableServerIsRetryable() throws Exception {
    ResendEmailSender down = new ResendEmailSender("re_test_key", "http://127.0.0.1:" + dev.tollgate.testing.TestRedis
        .freePort());
    SendResult r = send(down, email(1)).get(0);
    assertThat(r).isInstanceOf(SendResult.Retry.class);
  }

  /** A call as the dispatcher makes it: under the batch's journal key. */
  static List<SendResult> send(ResendEmailSender sender, OutgoingEmail... emails) {
    return sender.send(SendBatch.keyFor(List.of(emails)), List.of(emails));
  }
}
