package dev.tollgate.config;

import dev.tollgate.config.GatingConfig.Arm;
import dev.tollgate.config.GatingConfig.Experiment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code experiments}: per experiment the loop whose prompt it varies and its arms, each
 * with a weight and optional overrides of the 402 message, the email template and the upgrade link.
 */
final class ExperimentReader {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  /** Highest arm weight: weights are relative, so more precision buys nothing. */
  static final long MAX_WEIGHT = 1_000_000;

  private ExperimentReader() {}

  static Map<String, Experiment> experiments(Node n, Set<String> loops, Optional<EmailConfig> email) {
    Map<String, Experiment> out = new LinkedHashMap<>();
    Map<String, String> byLoop = new LinkedHashMap<>();
    for (String name : n.keys()) {
      String at = n.at(name);
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException(at, "an experiment name matching [a-z0-9_-]+ (at most 64), got \"" + name + "\"");
      }
      Experiment x = experiment(name, Node.of(at, n.raw(name)), loops, email);
      String other = byLoop.put(x.loop(), name);
      if (other != null) {
        throw new ConfigException(at + ".loop", "at most one experiment per loop; loop '" + x.loop()
            + "' already has experiment '" + other + "'");
      }
      out.put(name, x);
    }
    n.finish();
    return Collections.unmodifiableMap(out);
  }

  private static Experiment experiment(String name, Node n, Set<String> loops, Optional<EmailConfig> email) {
    String loop = n.str("loop");
    if (!loops.contains(loop)) {
      throw new ConfigException(n.at("loop"), "the name of a loop in loops[] " + new java.util.TreeSet<>(loops)
          + ", got \"" + loop + "\"");
    }
    Node arms = n.child("arms");
    Map<String, Arm> out = new LinkedHashMap<>();
    for (String arm : arms.keys()) {
      String at = arms.at(arm);
      if (!NAME.matcher(arm).matches()) {
        throw new ConfigException(at, "an arm name matching [a-z0-9_-]+ (at most 64), got \"" + arm + "\"");
      }
      Object raw = arms.raw(arm);
      out.put(arm, arm(arm, raw == null ? Node.of(at, Map.of()) : Node.of(at, raw), email));
    }
    arms.finish();
    if (out.size() < 2) {
      throw new ConfigException(n.at("arms"), "at least two arms to compare (e.g. control and a variant), got "
          + out.size());
    }
    n.finish();
    return new Experiment(name, loop, Collections.unmodifiableMap(out));
  }

  private static Arm arm(String name, Node n, Optional<EmailConfig> email) {
    if (!n.has("weight")) {
      throw new ConfigException(n.at("weight"), "a weight (a whole number 1.." + MAX_WEIGHT + ", relative to the "
          + "other arms)");
    }
    long weight = n.optLong("weight").orElseThrow();
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new ConfigException(n.at("weight"), "a positive whole number 1.." + MAX_WEIGHT + ", got " + weight);
    }
    Optional<String> message = n.optStr("message");
    Optional<String> template = n.optStr("template");
    if (template.isPresent()) {
      if (email.isEmpty()) {
        throw new ConfigException(n.at("template"), "an email section with templates (this arm names template '"
            + template.get() + "')");
      }
      if (!email.get().templates().containsKey(template.get())) {
        throw new ConfigException(n.at("template"), "a template of email.templates "
            + new java.util.TreeSet<>(email.get().templates().keySet()) + ", got \"" + template.get() + "\"");
      }
    }
    Optional<String> upgradeUrl = n.optStr("upgradeUrl");
    if (upgradeUrl.isPresent()) {
      String u = upgradeUrl.get();
      if (!(u.startsWith("https://") || u.startsWith("http://")) || u.chars().anyMatch(c -> c <= ' ')) {
        throw new ConfigException(n.at("upgradeUrl"), "an http(s) URL without spaces (placeholders such as "
            + "{{userId}} allowed), got \"" + u + "\"");
      }
      EmailReader.checkPlaceholders(n.at("upgradeUrl"), u);
    }
    n.finish();
    return new Arm(name, weight, message, template, upgradeUrl);
  }
}
