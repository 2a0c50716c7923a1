package dev.tollgate.local.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the CloudFormation intrinsic functions a gateway setting may use, as
 * CloudFormation would for one set of parameter values: {@code Ref} (parameters and pseudo
 * parameters; {@code AWS::NoValue} removes the entry), {@code Fn::If} with the template's
 * conditions, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split},
 * {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}. Resource attributes
 * ({@code Fn::GetAtt}, a {@code Ref} to a resource) exist only in AWS: asking for one is an
 * error naming it.
 */
public final class Intrinsics {
  /** What {@code AWS::NoValue} evaluates to: the enclosing entry disappears. */
  static final Object NO_VALUE = new Object();
  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{(!?)([A-Za-z0-9_.:]+)}");
  private static final Map<String, String> PSEUDO = Map.of("AWS::StackName", "tollgate-local", "AWS::Region", "local",
      "AWS::AccountId", "000000000000", "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com");

  private final Map<String, Object> conditions;
  private final Map<String, Object> parameters = new HashMap<>();
  private final Map<String, Boolean> evaluated = new HashMap<>();

  /** For {@code template} with its parameter defaults overridden by {@code values}. */
  public Intrinsics(Map<String, Object> template, Map<String, String> values) {
    this.conditions = map(template.get("Conditions"));
    map(template.get("Parameters")).forEach((name, p) -> {
      Object def = map(p).get("Default");
      if (def != null) {
        parameters.put(name, parameter(map(p), String.valueOf(def)));
      }
    });
    values.forEach((name, v) -> parameters.put(name, parameter(map(map(template.get("Parameters")).get(name)), v)));
  }

  private static Object parameter(Map<String, Object> declaration, String value) {
    return "CommaDelimitedList".equals(declaration.get("Type")) ? List.of(value.split(",", -1)) : value;
  }

  /** {@code node} with every intrinsic evaluated; entries that evaluate to {@code AWS::NoValue} are dropped. */
  public Object eval(Object node) {
    if (node instanceof Map<?, ?> m) {
      if (m.size() == 1) {
        String key = String.valueOf(m.keySet().iterator().next());
        if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
          return function(key, m.values().iterator().next());
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        Object e = eval(v);
        if (e != NO_VALUE) {
          out.put(String.valueOf(k), e);
        }
      });
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object v : l) {
        Object e = eval(v);
        if (e != NO_VALUE) {
          out.add(e);
        }
      }
      return out;
    }
    return node;
  }

  /** Whether the template's condition {@code name} holds for these parameter values. */
  public boolean condition(String name) {
    Boolean b = evaluated.get(name);
    if (b == null) {
      if (!conditions.containsKey(name)) {
        throw new IllegalArgumentException("template.yaml has no condition " + name);
      }
      b = truth(eval(conditions.get(name)), "condition " + name);
      evaluated.put(name, b);
    }
    return b;
  }

  private Object function(String fn, Object arg) {
    List<?> args = arg instanceof List<?> l ? l : List.of();
    switch (fn) {
      case "Ref":
        return ref(String.valueOf(arg));
      case "Condition":
        return condition(String.valueOf(arg));
      case "Fn::If":
        return condition(String.valueOf(args.get(0))) ? eval(args.get(1)) : eval(args.get(2));
      case "Fn::Equals":
        return String.valueOf(eval(args.get(0))).equals(String.valueOf(eval(args.get(1))));
      case "Fn::Not":
        return !truth(eval(args.get(0)), fn);
      case "Fn::And":
        return args.stream().allMatch(a -> truth(eval(a), fn));
      case "Fn::Or":
        return args.stream().anyMatch(a -> truth(eval(a), fn));
      case "Fn::Sub":
        return sub(arg);
      case "Fn::Join": {
        List<String> parts = new ArrayList<>();
        for (Object o : list(eval(args.get(1)), fn)) {
          parts.add(String.valueOf(o));
        }
        return String.join(String.valueOf(args.get(0)), parts);
      }
      case "Fn::Select":
        return list(eval(args.get(1)), fn).get(Integer.parseInt(String.valueOf(eval(args.get(0)))));
      case "Fn::Split":
        return List.of(String.valueOf(eval(args.get(1))).split(Pattern.quote(String.valueOf(args.get(0))), -1));
      default:
        throw new IllegalArgumentException(fn + " has no value outside AWS (the local gateway cannot evaluate it)");
    }
  }

  private Object ref(String name) {
    if (name.equals("AWS::NoValue")) {
      return NO_VALUE;
    }
    if (PSEUDO.containsKey(name)) {
      return PSEUDO.get(name);
    }
    if (parameters.containsKey(name)) {
      return parameters.get(name);
    }
    throw new IllegalArgumentException("Ref " + name + " has no value outside AWS (a resource, or a parameter with no "
        + "default that the local stack does not set)");
  }

  private String sub(Object arg) {
    String text;
    Map<String, Object> vars = Map.of();
    if (arg instanceof List<?> l) {
      text = String.valueOf(l.get(0));
      vars = map(eval(l.get(1)));
    } else {
      text = String.valueOf(arg);
    }
    Matcher m = SUB_VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      String value = !m.group(1).isEmpty() ? "${" + name + "}"
          : String.valueOf(vars.containsKey(name) ? vars.get(name) : ref(name));
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static boolean truth(Object v, String where) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(where + " is not a condition: " + v);
  }

  private static List<?> list(Object v, String where) {
    if (v instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException(where + " needs a list, got " + v);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
