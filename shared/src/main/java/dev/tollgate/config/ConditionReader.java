package dev.tollgate.config;

import dev.tollgate.config.GatingConfig.Condition;
import dev.tollgate.config.GatingConfig.Overage;
import dev.tollgate.config.GatingConfig.Plan;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a step's {@code condition}: a usage limit (with its optional member share, credits
 * and overage) or a boolean feature.
 */
final class ConditionReader {
  /** Stripe Billing Meter event names: letters, digits, '_' and '-'. */
  private static final Pattern METER = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private ConditionReader() {}

  static Condition condition(Node n, Map<String, Plan> plans, Set<String> features) {
    String type = n.optStr("type").orElse("usage");
    switch (type) {
      case "usage":
        return usage(n, plans);
      case "feature":
        return feature(n, features);
      default:
        throw new ConfigException(n.at("type"), "usage or feature, got \"" + type + "\"");
    }
  }

  private static Condition feature(Node n, Set<String> features) {
    String feature = n.str("feature");
    if (!features.contains(feature)) {
      throw new ConfigException(n.at("feature"), "a feature listed under some plan's features (plans.<plan>.features) "
          + "or under stripe.entitlements " + features + ", got \"" + feature + "\"");
    }
    n.finish();
    return new Condition("feature", Map.of(), null, Optional.empty(), Optional.of(feature), Map.of(), false, Map.of());
  }

  private static Condition usage(Node n, Map<String, Plan> plans) {
    Map<String, Long> limits = perPlan(n, "limit", plans, true);
    Period period = Period.parse(n.at("period"), n.raw("period"));
    Optional<Double> warnAt = n.optNumber("warnAt");
    if (warnAt.isPresent() && !(warnAt.get() > 0 && warnAt.get() < 1)) {
      throw new ConfigException(n.at("warnAt"), "a share of the limit between 0 and 1 (e.g. 0.8), got " + warnAt.get());
    }
    Map<String, Long> members = n.has("memberLimit") ? perPlan(n, "memberLimit", plans, false) : Map.of();
    for (Map.Entry<String, Long> m : members.entrySet()) {
      long pooled = limits.get(m.getKey());
      if (m.getValue() >= 0 && pooled >= 0 && m.getValue() > pooled) {
        throw new ConfigException(n.at("memberLimit") + "." + m.getKey(), "a member share no larger than the plan's "
            + "limit (" + pooled + "), got " + m.getValue());
      }
    }
    boolean credits = n.optBool("credits").orElse(false);
    Map<String, Overage> overage = n.has("overage") ? overage(n.child("overage"), plans, limits) : Map.of();
    n.finish();
    return new Condition("usage", Collections.unmodifiableMap(limits), period, warnAt, Optional.empty(), members,
        credits, overage);
  }

  /** A number per plan under {@code key}; {@code everyPlan}: each plan must be named. */
  private static Map<String, Long> perPlan(Node n, String key, Map<String, Plan> plans, boolean everyPlan) {
    Node node = n.child(key);
    Map<String, Long> out = new LinkedHashMap<>();
    for (String plan : node.keys()) {
      if (!plans.containsKey(plan)) {
        throw new ConfigException(node.at(plan), "a plan declared under 'plans' " + plans.keySet());
      }
      out.put(plan, LoopReader.limit(node.at(plan), node.raw(plan)));
    }
    if (everyPlan) {
      for (String plan : plans.keySet()) {
        if (!out.containsKey(plan)) {
          throw new ConfigException(node.at(plan), "a limit for every plan: '" + plan + "' is missing (a number, "
              + "or unlimited/Infinity)");
        }
      }
    }
    node.finish();
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Overage> overage(Node n, Map<String, Plan> plans, Map<String, Long> limits) {
    Map<String, Overage> out = new LinkedHashMap<>();
    for (String plan : n.keys()) {
      String at = n.at(plan);
      Plan p = plans.get(plan);
      if (p == null) {
        throw new ConfigException(at, "a plan declared under 'plans' " + plans.keySet());
      }
      if (p.isDefault()) {
        throw new ConfigException(at, "a paid plan: overage is billed to a Stripe customer, which the default plan "
            + "has none of");
      }
      if (limits.get(plan) < 0) {
        throw new ConfigException(at, "a plan with a finite limit: overage starts past the included limit, and '"
            + plan + "' is unlimited");
      }
      Node o = n.child(plan);
      String meter = o.str("meter");
      if (!METER.matcher(meter).matches()) {
        throw new ConfigException(o.at("meter"), "a Stripe meter event name (letters, digits, '_' or '-'), got \""
            + meter + "\"");
      }
      long cap = LoopReader.limit(o.at("cap"), o.raw("cap"));
      o.finish();
      out.put(plan, new Overage(meter, cap));
    }
    n.finish();
    return Collections.unmodifiableMap(out);
  }
}
