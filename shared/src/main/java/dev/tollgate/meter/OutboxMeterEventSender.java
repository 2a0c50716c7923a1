package dev.tollgate.meter;

import dev.tollgate.json.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The local Stripe: writes each meter event as one JSON file ({@code event_name},
 * {@code payload.stripe_customer_id}, {@code payload.value}, {@code timestamp},
 * {@code identifier}) named after its identifier, so a replay overwrites rather than
 * duplicates. Used when {@code STRIPE_API_KEY} is not set.
 */
public final class OutboxMeterEventSender implements MeterEventSender {
  /** The sub-folder of the outbox meter events go to. */
  public static final String FOLDER = "meter-events";

  private final Path dir;

  /** An outbox in {@code dir} (created when the first event is written). */
  public OutboxMeterEventSender(Path dir) {
    this.dir = dir;
  }

  /**
   * The file of the event with {@code identifier}: the identifier with other characters than
   * letters, digits, '.', '_' and '-' replaced, plus a hash of it when any was (so two
   * identifiers never share a file).
   */
  private Path fileFor(String identifier) {
    String safe = identifier.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (!safe.equals(identifier)) {
      safe += "-" + Integer.toHexString(identifier.hashCode() & 0x7fffffff)
          + Integer.toHexString(new StringBuilder(identifier).reverse().toString().hashCode() & 0x7fffffff);
    }
    return dir.resolve(safe + ".json");
  }

  @Override
  public MeterResult send(MeterEvent e) {
    Path file = fileFor(e.identifier());
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".tmp-", ".json");
      Files.writeString(tmp, json(e), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new MeterResult.Accepted(false);
    } catch (IOException ex) {
      return new MeterResult.Unavailable("cannot write " + file + ": " + ex.getMessage(), Duration.ZERO, false);
    }
  }

  static String json(MeterEvent e) {
    return "{\n  \"event_name\": " + JsonText.str(e.eventName()) + ",\n  \"payload\": {\"stripe_customer_id\": "
        + JsonText.str(e.customer()) + ", \"value\": " + JsonText.str(Long.toString(e.value())) + "},\n"
        + "  \"timestamp\": " + e.timestamp() + ",\n  \"identifier\": " + JsonText.str(e.identifier()) + "\n}\n";
  }
}
