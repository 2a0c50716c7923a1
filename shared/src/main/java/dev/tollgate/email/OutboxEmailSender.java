package dev.tollgate.email;

import dev.tollgate.json.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local provider: writes each email as one JSON file in Resend's send-email shape
 * ({@code from}, {@code to}, {@code subject}, {@code html}, {@code text}, {@code headers},
 * {@code tags} as [{name, value}], {@code reply_to}) plus the {@code idempotencyKey} the Resend
 * adapter would use. The file is named after the email's own idempotency key (not the batch
 * key), so a re-send overwrites rather than duplicates. Used when {@code RESEND_API_KEY} is not set.
 */
public final class OutboxEmailSender implements EmailSender {
  /** Environment variable naming the outbox folder. */
  public static final String OUTBOX_ENV = "TOLLGATE_OUTBOX";

  private final Path dir;

  /** An outbox in {@code dir} (created if missing). */
  public OutboxEmailSender(Path dir) {
    this.dir = dir;
  }

  /** The folder emails are written to. */
  public Path dir() {
    return dir;
  }

  @Override
  public List<SendResult> send(String idempotencyKey, List<OutgoingEmail> batch) {
    List<SendResult> results = new ArrayList<>(batch.size());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the outbox folder " + dir, e);
    }
    for (OutgoingEmail m : batch) {
      Path file = fileFor(m.idempotencyKey());
      try {
        Path tmp = Files.createTempFile(dir, ".tmp-", ".json");
        Files.writeString(tmp, json(m), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        results.add(new SendResult.Sent("outbox:" + file.getFileName()));
      } catch (IOException e) {
        results.add(new SendResult.Retry("cannot write " + file + ": " + e.getMessage(), java.time.Duration.ZERO,
            false));
      }
    }
    return results;
  }

  /** The file an email with {@code idempotencyKey} is written to. */
  public Path fileFor(String idempotencyKey) {
    return dir.resolve(idempotencyKey.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json");
  }

  static String json(OutgoingEmail m) {
    StringBuilder b = new StringBuilder(512).append("{\n");
    b.append("  \"from\": ").append(JsonText.str(m.from())).append(",\n");
    b.append("  \"to\": [").append(JsonText.str(m.to())).append("],\n");
    if (m.replyTo() != null) {
      b.append("  \"reply_to\": [").append(JsonText.str(m.replyTo())).append("],\n");
    }
    b.append("  \"subject\": ").append(JsonText.str(m.subject())).append(",\n");
    b.append("  \"html\": ").append(JsonText.str(m.html())).append(",\n");
    b.append("  \"text\": ").append(JsonText.str(m.text())).append(",\n");
    b.append("  \"headers\": ").append(JsonText.object(m.headers())).append(",\n");
    b.append("  \"tags\": [");
    boolean first = true;
    for (Map.Entry<String, String> t : m.tags().entrySet()) {
      b.append(first ? "" : ", ").append("{\"name\": ").append(JsonText.str(t.getKey())).append(", \"value\": ")
          .append(JsonText.str(t.getValue())).append('}');
      first = false;
    }
    b.append("],\n");
    b.append("  \"idempotencyKey\": ").append(JsonText.str(m.idempotencyKey())).append("\n}\n");
    return b.toString();
  }
}
