package dev.tollgate.local.gateway;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a CloudFormation/SAM YAML template into plain maps and lists, turning the short
 * intrinsic tags ({@code !Ref x}, {@code !GetAtt a.b}, {@code !Sub ...}, {@code !If [...]}, ...)
 * into their long JSON forms ({@code {"Ref": x}}, {@code {"Fn::GetAtt": [a, b]}}, ...), as
 * CloudFormation itself does before anything validates the template.
 */
public final class CfnTemplate {
  /** The short-form tags CloudFormation accepts in YAML, without their {@code Fn::} prefix. */
  public static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join",
      "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "ToJsonString", "Length");

  private CfnTemplate() {}

  /** Parses the template at {@code file}; duplicate keys are an error, as in CloudFormation. */
  public static Map<String, Object> load(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(in, file.toString());
    }
  }

  /** Parses template text. */
  public static Map<String, Object> parse(String yaml) {
    return parse(new StringReader(yaml), "inline template");
  }

  /** Parses the template read from {@code in}; {@code label} names it in errors. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(Reader in, String label) {
    LoadSettings settings = LoadSettings.builder().setSchema(new CoreSchema()).setLabel(label).build();
    return (Map<String, Object>) new Load(settings, new IntrinsicConstructor(settings)).loadFromReader(in);
  }

  /** A constructor that knows the intrinsic tags. */
  private static final class IntrinsicConstructor extends StandardConstructor {
    IntrinsicConstructor(LoadSettings settings) {
      super(settings);
      tagConstructors.put(new Tag("!Ref"), intrinsic("Ref"));
      tagConstructors.put(new Tag("!Condition"), intrinsic("Condition"));
      for (String f : FUNCTIONS) {
        tagConstructors.put(new Tag("!" + f), f.equals("GetAtt") ? this::getAtt : intrinsic("Fn::" + f));
      }
    }

    private ConstructNode intrinsic(String key) {
      return node -> single(key, value(node));
    }

    /** {@code !GetAtt Res.Attr.Sub} is {@code {"Fn::GetAtt": ["Res", "Attr.Sub"]}}. */
    private Object getAtt(Node node) {
      Object v = value(node);
      if (v instanceof String s) {
        int dot = s.indexOf('.');
        v = dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1));
      }
      return single("Fn::GetAtt", v);
    }

    private Object value(Node node) {
      if (node instanceof ScalarNode s) {
        return constructScalar(s);
      }
      if (node instanceof SequenceNode s) {
        return constructSequence(s);
      }
      return constructMapping((MappingNode) node);
    }

    private static Map<String, Object> single(String key, Object value) {
      Map<String, Object> m = new LinkedHashMap<>(2);
      m.put(key, value);
      return m;
    }
  }
}
