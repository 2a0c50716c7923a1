package dev.tollgate.config;

import dev.tollgate.config.GatingConfig.Action;
import dev.tollgate.config.GatingConfig.Condition;
import dev.tollgate.config.GatingConfig.Loop;
import dev.tollgate.config.GatingConfig.Plan;
import dev.tollgate.config.GatingConfig.Prompt;
import dev.tollgate.config.GatingConfig.Recovery;
import dev.tollgate.config.GatingConfig.Step;
import dev.tollgate.config.GatingConfig.Trigger;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code loops[]}: steps with trigger, condition, action and recovery. */
final class LoopReader {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  /** Highest {@code trigger.cost}: keeps unit arithmetic far from overflow. */
  static final long MAX_COST = 1_000_000;

  private LoopReader() {}

  static Loop loop(Node n, Map<String, Plan> plans, Set<String> templates, Set<String> features) {
    String name = n.str("name");
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(n.at("name"), "a loop name matching [a-z0-9_-]+ (at most 64), got \"" + name + "\"");
    }
    String type = n.optStr("type").orElse("freemium");
    if (!type.equals("freemium")) {
      throw new ConfigException(n.at("type"), "freemium (the only loop type so far), got \"" + type + "\"");
    }
    String opinion = n.optStr("opinion").orElse("");
    List<Step> steps = n.list("steps", (s, i) -> step(s, name, i, plans, templates, features));
    if (steps.isEmpty()) {
      throw new ConfigException(n.at("steps"), "at least one step");
    }
    Recovery recovery = n.optChild("recovery").map(r -> {
      long retries = r.optLong("retries").orElse(0L);
      if (retries != 0) {
        throw new ConfigException(r.at("retries"), "0 (a block is never retried), got " + retries);
      }
      r.finish();
      return new Recovery(0);
    }).orElse(new Recovery(0));
    return new Loop(name, type, opinion, List.copyOf(steps), recovery);
  }

  static Step step(Node n, String loop, int index, Map<String, Plan> plans, Set<String> templates,
      Set<String> features) {
    Trigger trigger = trigger(n.child("trigger"));
    Condition condition = ConditionReader.condition(n.child("condition"), plans, features);
    Action action = action(n.child("action"), templates);
    if (condition.isFeature() && trigger.cost() != 1) {
      throw new ConfigException(n.at("trigger.cost"), "no cost on a feature step (a feature check counts nothing)");
    }
    if (condition.warnAt().isPresent() && action.warnPrompt().isEmpty() && action.upgradePrompt().isEmpty()) {
      throw new ConfigException(n.at("condition.warnAt"), "an action.warnPrompt (or upgradePrompt) to send the "
          + "warning with");
    }
    return new Step(loop, index == 0 ? loop : loop + "." + index, trigger, condition, action);
  }

  static Trigger trigger(Node n) {
    String type = n.optStr("type").orElse("api");
    if (!type.equals("api")) {
      throw new ConfigException(n.at("type"), "api, got \"" + type + "\"");
    }
    EndpointGlob glob = EndpointGlob.parse(n.at("endpoint"), n.str("endpoint"));
    Set<String> methods = new LinkedHashSet<>();
    List<String> given = n.has("method") ? n.strings("method") : List.of("ANY");
    for (int i = 0; i < given.size(); i++) {
      String m = given.get(i).trim().toUpperCase(Locale.ROOT);
      if (m.equals("ANY") || m.equals("*")) {
        methods.clear();
        break;
      }
      if (!METHODS.contains(m)) {
        throw new ConfigException(n.at("method") + (given.size() > 1 ? "[" + i + "]" : ""),
            "an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS), a list of them, or ANY; got \""
                + given.get(i) + "\"");
      }
      methods.add(m);
    }
    long cost = n.optLong("cost").orElse(1L);
    if (cost < 1 || cost > MAX_COST) {
      throw new ConfigException(n.at("cost"), "a whole number of units per call between 1 and " + MAX_COST + ", got "
          + cost);
    }
    n.finish();
    return new Trigger(type, glob, Collections.unmodifiableSet(methods), cost);
  }

  static long limit(String path, Object v) {
    if (v instanceof Integer || v instanceof Long) {
      long l = ((Number) v).longValue();
      if (l >= 0) {
        return l;
      }
    } else if (v instanceof Double && ((Double) v).isInfinite() && (Double) v > 0) {
      return GatingConfig.UNLIMITED;
    } else if (v instanceof String) {
      String s = ((String) v).trim().toLowerCase(Locale.ROOT);
      if (s.equals("unlimited") || s.equals("infinity") || s.equals(".inf")) {
        return GatingConfig.UNLIMITED;
      }
    }
    throw new ConfigException(path, "a whole number of calls >= 0, or unlimited/Infinity, got " + Node.describe(v));
  }

  static Action action(Node n, Set<String> templates) {
    String type = n.optStr("type").orElse("block");
    if (!type.equals("block")) {
      throw new ConfigException(n.at("type"), "block, got \"" + type + "\"");
    }
    String message = n.str("message");
    Optional<Prompt> upgrade = n.optChild("upgradePrompt").map(p -> prompt(p, templates));
    Optional<Prompt> warn = n.optChild("warnPrompt").map(p -> prompt(p, templates));
    n.finish();
    return new Action(type, message, upgrade, warn);
  }

  static Prompt prompt(Node n, Set<String> templates) {
    String type = n.optStr("type").orElse("email");
    if (!type.equals("email")) {
      throw new ConfigException(n.at("type"), "email, got \"" + type + "\"");
    }
    String provider = n.optStr("provider").orElse("resend");
    if (!provider.equals("resend")) {
      throw new ConfigException(n.at("provider"), "resend, got \"" + provider + "\"");
    }
    String template = n.str("template");
    if (!templates.contains(template)) {
      throw new ConfigException(n.at("template"), "a template defined under email.templates " + templates
          + ", got \"" + template + "\"");
    }
    n.finish();
    return new Prompt(type, provider, template);
  }

}
