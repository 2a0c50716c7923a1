package dev.tollgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The official AWS SAM JSON schema (draft-04, copied into {@code schemas/}), applied per
 * {@code AWS::Serverless::*} resource and to {@code Globals}, so a mistake names the resource
 * and the property rather than drowning in the schema's top-level {@code anyOf}.
 */
final class SamSchema {
  private static final String RESOURCE_SUFFIX = "__Resource";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode root;
  private final Map<String, String> definitionByType = new HashMap<>();
  private final Map<String, JsonSchema> compiled = new HashMap<>();

  private SamSchema(JsonNode root) {
    this.root = root;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("definitions").fields(); it.hasNext();) {
      var def = it.next();
      JsonNode types = def.getValue().path("properties").path("Type").path("enum");
      if (def.getKey().endsWith(RESOURCE_SUFFIX) && types.isArray()) {
        types.forEach(t -> definitionByType.put(t.asText(), def.getKey()));
      }
    }
  }

  /** Reads the schema file. */
  static SamSchema read(Path file) throws IOException {
    return new SamSchema(JSON.readTree(file.toFile()));
  }

  /** The SAM resource types the schema describes. */
  Set<String> types() {
    return definitionByType.keySet();
  }

  /** Every schema violation of the template's SAM resources and Globals, as "where: message" lines. */
  List<String> violations(SamTemplate template) {
    List<String> out = new ArrayList<>();
    Object globals = template.doc().get("Globals");
    if (globals != null) {
      validate("Globals", "__main____Globals", globals, out);
    }
    template.resources().forEach((id, res) -> {
      String type = String.valueOf(SamTemplate.map(res).get("Type"));
      if (!type.startsWith("AWS::Serverless::")) {
        return;
      }
      String def = definitionByType.get(type);
      if (def == null) {
        out.add("Resources." + id + ": " + type + " is not a SAM resource type (known: " + definitionByType.keySet() + ")");
      } else {
        validate("Resources." + id, def, res, out);
      }
    });
    return out;
  }

  private void validate(String where, String definition, Object value, List<String> out) {
    JsonSchema schema = compiled.computeIfAbsent(definition, d -> {
      ObjectNode s = root.deepCopy();
      s.remove(List.of("properties", "required", "type", "title"));
      s.put("$ref", "#/definitions/" + d);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(s);
    });
    for (ValidationMessage m : schema.validate(JSON.valueToTree(value))) {
      out.add(where + ": " + m.getMessage());
    }
  }
}
