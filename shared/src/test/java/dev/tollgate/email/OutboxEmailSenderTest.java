package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local outbox provider. */
class OutboxEmailSenderTest {
  @TempDir
  Path dir;

  static OutgoingEmail email(String key, String subject) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("List-Unsubscribe", "<https://x.io/u?u=1&s=2>");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    return new OutgoingEmail("job", key, "Acme <b@acme.dev>", "to@x.io", null, subject, "<p>\"hi\"</p>", "line1\nline2",
        headers, Map.of("loop", "features"));
  }

  @Test
  void writesOneResendShapedFilePerIdempotencyKeyAndOverwritesOnResend() throws Exception {
    OutboxEmailSender outbox = new OutboxEmailSender(dir.resolve("out"));
    List<SendResult> r = outbox.send("batch", List.of(email("tg-a-1", "first"), email("tg-b-1", "other")));
    assertThat(r).allMatch(x -> x instanceof SendResult.Sent);
    outbox.send("batch", List.of(email("tg-a-1", "again")));
    try (var files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("tg-a-1.json", "tg-b-1.json");
    }
    String json = Files.readString(outbox.fileFor("tg-a-1"));
    assertThat(json).contains("\"from\": \"Acme <b@acme.dev>\"", "\"to\": [\"to@x.io\"]", "\"subject\": \"again\"",
        "\"html\": \"<p>\\\"hi\\\"</p>\"", "\"text\": \"line1\\nline2\"",
        "\"List-Unsubscribe-Post\": \"List-Unsubscribe=One-Click\"",
        "\"tags\": [{\"name\": \"loop\", \"value\": \"features\"}]", "\"idempotencyKey\": \"tg-a-1\"");
  }
}
