package dev.tollgate.deploy;

import dev.tollgate.local.gateway.CfnTemplate;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parsed template.yaml with typed accessors for what the checks read. */
record SamTemplate(Map<String, Object> doc) {

  /** Loads the repository's template.yaml. */
  static SamTemplate load() throws IOException {
    return new SamTemplate(CfnTemplate.load(Repo.root().resolve("template.yaml")));
  }

  Map<String, Object> resources() {
    return map(doc.get("Resources"));
  }

  Map<String, Object> parameters() {
    return map(doc.get("Parameters"));
  }

  Map<String, Object> conditions() {
    return map(doc.get("Conditions"));
  }

  Map<String, Object> resource(String logicalId) {
    Map<String, Object> r = map(resources().get(logicalId));
    if (r.isEmpty()) {
      throw new AssertionError("template.yaml has no resource " + logicalId);
    }
    return r;
  }

  /** The resource's Properties (empty map when it has none). */
  Map<String, Object> properties(String logicalId) {
    return map(resource(logicalId).get("Properties"));
  }

  /** Logical id → resource, for the resources of one type. */
  Map<String, Map<String, Object>> ofType(String type) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    resources().forEach((id, r) -> {
      if (type.equals(map(r).get("Type"))) {
        out.put(id, map(r));
      }
    });
    return out;
  }

  /** A function's property, falling back to Globals.Function as SAM does. */
  Object functionProperty(String logicalId, String name) {
    Object own = properties(logicalId).get(name);
    return own != null ? own : map(map(doc.get("Globals")).get("Function")).get(name);
  }

  /** The value at {@code path} (map keys) under {@code root}, or null. */
  static Object at(Object root, String... path) {
    Object cur = root;
    for (String key : path) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(key);
    }
    return cur;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
