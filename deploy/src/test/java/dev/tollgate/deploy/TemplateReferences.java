package dev.tollgate.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the targets of {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub} variables,
 * {@code DependsOn} and condition names that do not exist: not a parameter, resource, pseudo
 * parameter or a resource SAM generates ({@code Fn.Alias}, {@code FnRole}, event resources, ...).
 */
final class TemplateReferences {
  static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
      "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^!}][^}]*)}");

  private final SamTemplate template;
  private final Set<String> refTargets = new HashSet<>();
  private final Set<String> resources = new HashSet<>();
  private final List<String> missing = new ArrayList<>();

  private TemplateReferences(SamTemplate template) {
    this.template = template;
    resources.addAll(template.resources().keySet());
    resources.addAll(samGenerated(template));
    refTargets.addAll(resources);
    refTargets.addAll(template.parameters().keySet());
    refTargets.addAll(PSEUDO);
  }

  /** Every dangling reference in {@code template}, as "where: what" lines; empty when all resolve. */
  static List<String> missing(SamTemplate template) {
    TemplateReferences r = new TemplateReferences(template);
    r.walk("Conditions", template.doc().get("Conditions"), Set.of());
    r.walk("Globals", template.doc().get("Globals"), Set.of());
    r.walk("Outputs", template.doc().get("Outputs"), Set.of());
    template.resources().forEach((id, res) -> {
      Map<String, Object> m = SamTemplate.map(res);
      r.condition("Resources." + id + ".Condition", m.get("Condition"));
      Object dependsOn = m.get("DependsOn");
      for (Object d : dependsOn instanceof List<?> l ? l : dependsOn == null ? List.of() : List.of(dependsOn)) {
        if (!r.resources.contains(String.valueOf(d))) {
          r.missing.add("Resources." + id + ".DependsOn: " + d);
        }
      }
      r.walk("Resources." + id, m.get("Properties"), Set.of());
    });
    return r.missing;
  }

  /** Names SAM creates from the template's serverless resources, which may be referenced. */
  static Set<String> samGenerated(SamTemplate t) {
    Set<String> out = new HashSet<>();
    boolean implicitApi = false;
    for (var e : t.ofType("AWS::Serverless::Function").entrySet()) {
      String fn = e.getKey();
      Map<String, Object> props = SamTemplate.map(e.getValue().get("Properties"));
      if (props.get("Role") == null) {
        out.add(fn + "Role");
      }
      if (t.functionProperty(fn, "AutoPublishAlias") != null) {
        out.add(fn + ".Alias");
        out.add(fn + ".Version");
      }
      for (var ev : SamTemplate.map(props.get("Events")).entrySet()) {
        Map<String, Object> event = SamTemplate.map(ev.getValue());
        out.add(fn + ev.getKey());
        Object queue = SamTemplate.at(event, "Properties", "DeadLetterConfig", "QueueLogicalId");
        if (SamTemplate.at(event, "Properties", "DeadLetterConfig", "Type") != null) {
          out.add(queue != null ? String.valueOf(queue) : fn + ev.getKey() + "Queue");
        }
        if ("Api".equals(event.get("Type")) && SamTemplate.at(event, "Properties", "RestApiId") == null) {
          implicitApi = true;
        }
      }
    }
    for (String api : t.ofType("AWS::Serverless::Api").keySet()) {
      out.add(api + ".Stage");
      out.add(api + ".Deployment");
    }
    if (implicitApi) {
      out.add("ServerlessRestApi");
    }
    return out;
  }

  private void walk(String where, Object node, Set<String> subLocals) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(where + "[" + i + "]", list.get(i), subLocals);
      }
      return;
    }
    if (!(node instanceof Map<?, ?> map)) {
      return;
    }
    if (map.size() == 1) {
      var e = map.entrySet().iterator().next();
      String key = String.valueOf(e.getKey());
      Object v = e.getValue();
      switch (key) {
        case "Ref" -> {
          if (!refTargets.contains(String.valueOf(v))) {
            missing.add(where + ": Ref " + v);
          }
          return;
        }
        case "Fn::GetAtt" -> {
          Object target = v instanceof List<?> l && !l.isEmpty() ? l.get(0) : v;
          if (!resources.contains(String.valueOf(target))) {
            missing.add(where + ": GetAtt " + target);
          }
          walk(where, v, subLocals);
          return;
        }
        case "Fn::Sub" -> {
          sub(where, v);
          return;
        }
        case "Fn::If" -> {
          if (v instanceof List<?> l && !l.isEmpty()) {
            condition(where, l.get(0));
            walk(where, l.subList(1, l.size()), subLocals);
          }
          return;
        }
        case "Condition" -> {
          if (where.startsWith("Conditions")) {
            condition(where, v);
            return;
          }
        }
        default -> { }
      }
    }
    map.forEach((k, v) -> walk(where + "." + k, v, subLocals));
  }

  private void sub(String where, Object v) {
    String text;
    Set<String> locals = new HashSet<>();
    if (v instanceof List<?> l && !l.isEmpty()) {
      text = String.valueOf(l.get(0));
      if (l.size() > 1) {
        locals.addAll(SamTemplate.map(l.get(1)).keySet());
        walk(where, l.get(1), Set.of());
      }
    } else {
      text = String.valueOf(v);
    }
    Matcher m = SUB_VAR.matcher(text);
    while (m.find()) {
      String name = m.group(1).trim();
      if (locals.contains(name) || refTargets.contains(name)) {
        continue;
      }
      int dot = name.indexOf('.');
      if (dot < 0 || !resources.contains(name.substring(0, dot))) {
        missing.add(where + ": Sub ${" + name + "}");
      }
    }
  }

  private void condition(String where, Object name) {
    if (name != null && !template.conditions().containsKey(String.valueOf(name))) {
      missing.add(where + ": condition " + name);
    }
  }
}
