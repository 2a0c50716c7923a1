package dev.tollgate.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The repository's {@code schemas/events/*.json}, compiled once, validating PutEvents entries and details. */
public final class EventSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

  private EventSchemas() {}

  /** The folder of the schemas, found from the working directory up. */
  public static Path dir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("schemas/events"))) {
        return p.resolve("schemas/events");
      }
    }
    throw new IllegalStateException("no schemas/events above " + Path.of("").toAbsolutePath());
  }

  /** The violations of {@code detailJson} against the schema of {@code detailType} (empty: valid). */
  public static synchronized List<String> violations(String detailType, String detailJson) {
    JsonSchema schema = SCHEMAS.computeIfAbsent(detailType, t -> {
      try {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Files.readString(dir().resolve(t + ".json")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      JsonNode node = JSON.readTree(detailJson);
      return schema.validate(node).stream().map(ValidationMessage::getMessage).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The violations of a PutEvents entry file's text: the entry shape (Source tollgate, a known
   * DetailType, Detail a JSON string, EventBusName, Time, Resources) and its detail's schema.
   */
  public static List<String> entryViolations(String entryJson) {
    try {
      JsonNode e = JSON.readTree(entryJson);
      List<String> shape = new java.util.ArrayList<>();
      if (!"tollgate".equals(e.path("Source").asText())) {
        shape.add("Source is not tollgate");
      }
      if (!TollgateEvent.TYPES.contains(e.path("DetailType").asText())) {
        shape.add("unknown DetailType " + e.path("DetailType"));
      }
      if (!e.path("Detail").isTextual() || !e.path("EventBusName").isTextual() || !e.path("Time").isNumber()
          || !e.path("Resources").isArray() || e.size() != 6) {
        shape.add("not a PutEvents entry: " + entryJson);
      }
      if (!shape.isEmpty()) {
        return shape;
      }
      return violations(e.path("DetailType").asText(), e.path("Detail").asText());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
