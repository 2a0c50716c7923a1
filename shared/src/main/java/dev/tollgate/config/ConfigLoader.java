package dev.tollgate.config;

import dev.tollgate.config.GatingConfig.FailMode;
import dev.tollgate.config.GatingConfig.Identity;
import dev.tollgate.config.GatingConfig.Loop;
import dev.tollgate.config.GatingConfig.Plan;
import dev.tollgate.config.GatingConfig.Redis;
import dev.tollgate.config.GatingConfig.Stripe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads and validates {@code gating.yaml}. Every mistake fails here, with a
 * {@link ConfigException} naming the key path and what was expected there.
 */
public final class ConfigLoader {
  /** Environment variable holding a path to the config file. */
  public static final String CONFIG_ENV = "TOLLGATE_CONFIG";

  private static final Pattern PLAN_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private ConfigLoader() {}

  /**
   * Loads the config from {@code $TOLLGATE_CONFIG} when set, else {@code gating.yaml} on
   * the classpath.
   */
  public static GatingConfig fromEnvironment(Map<String, String> env) {
    String path = env.get(CONFIG_ENV);
    if (path != null && !path.isBlank()) {
      return fromFile(Path.of(path));
    }
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("gating.yaml")) {
      if (in == null) {
        throw new ConfigException("", "a config: set " + CONFIG_ENV + " to a gating.yaml path, or put gating.yaml "
            + "on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:gating.yaml");
    } catch (IOException e) {
      throw new ConfigException("", "a readable classpath gating.yaml (" + e.getMessage() + ")");
    }
  }

  /** Loads and validates the file at {@code file}. */
  public static GatingConfig fromFile(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new ConfigException("", "a readable config file at " + file + " (" + e + ")");
    }
  }

  /** Parses and validates YAML text; {@code source} names it in YAML syntax errors. */
  public static GatingConfig parse(String yaml, String source) {
    Object doc;
    try {
      Load load = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).setLabel(source)
          .setCodePointLimit(1 << 20).build());
      doc = load.loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new ConfigException("", "valid YAML in " + source + ": " + e.getMessage().replace('\n', ' '));
    }
    return read(Node.root(doc));
  }

  private static GatingConfig read(Node root) {
    Map<String, Plan> plans = plans(root.child("plans"));
    Optional<EmailConfig> email = root.optChild("email").map(EmailReader::email);
    Set<String> templates = email.map(e -> e.templates().keySet()).orElse(Set.of());
    Stripe stripe = root.optChild("stripe").map(SettingsReader::stripe)
        .orElse(new Stripe(Duration.ofDays(3), Duration.ofDays(30), Duration.ofSeconds(300), List.of()));
    Set<String> features = new LinkedHashSet<>(stripe.entitlements());
    plans.values().forEach(p -> features.addAll(p.features()));
    List<Loop> loops = root.list("loops", (n, i) -> LoopReader.loop(n, plans, templates, features));
    if (loops.isEmpty()) {
      throw new ConfigException("loops", "at least one loop");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < loops.size(); i++) {
      if (!names.add(loops.get(i).name())) {
        throw new ConfigException("loops[" + i + "].name", "a unique loop name; '" + loops.get(i).name()
            + "' is used twice");
      }
    }
    Identity identity = SettingsReader.identity(root.child("identity"));
    FailMode failMode = root.optStr("failMode").map(s -> SettingsReader.enumOf(root.at("failMode"), s, FailMode.class))
        .orElse(FailMode.OPEN);
    Redis redis = root.optChild("redis").map(SettingsReader::redis)
        .orElse(new Redis(Duration.ofMillis(250), Duration.ofMillis(300)));
    GatingConfig.Events events = root.optChild("events").map(SettingsReader::events).orElse(GatingConfig.Events.NONE);
    Map<String, GatingConfig.Experiment> experiments = root.optChild("experiments")
        .map(n -> ExperimentReader.experiments(n, names, email)).orElse(Map.of());
    Optional<CheckoutConfig> checkout = root.optChild("checkout").map(n -> CheckoutReader.checkout(n, plans));
    root.finish();
    return new GatingConfig(List.copyOf(loops), plans, identity, email, stripe, failMode, redis, events, experiments,
        checkout);
  }

  private static Map<String, Plan> plans(Node n) {
    Map<String, Plan> plans = new LinkedHashMap<>();
    String defaultPlan = null;
    for (String name : n.keys()) {
      String at = n.at(name);
      if (!PLAN_NAME.matcher(name).matches()) {
        throw new ConfigException(at, "a plan name of letters, digits, '_' or '-'");
      }
      Object raw = n.raw(name);
      Node p = raw == null ? Node.of(at, Map.of()) : Node.of(at, raw);
      boolean isDefault = p.optBool("default").orElse(false);
      List<String> prices = p.has("stripePrices") ? p.strings("stripePrices") : List.of();
      List<String> features = p.has("features") ? SettingsReader.features(p, "features") : List.of();
      p.finish();
      if (isDefault && defaultPlan != null) {
        throw new ConfigException(at + ".default", "exactly one default plan; '" + defaultPlan + "' is already "
            + "the default");
      }
      if (isDefault) {
        defaultPlan = name;
      }
      plans.put(name, new Plan(name, isDefault, List.copyOf(prices), features));
    }
    if (plans.isEmpty()) {
      throw new ConfigException(n.path(), "at least one plan");
    }
    if (defaultPlan == null) {
      throw new ConfigException(n.path(), "exactly one plan with 'default: true' (the plan of users who have not paid)");
    }
    Map<String, String> priceOwner = new LinkedHashMap<>();
    for (Plan p : plans.values()) {
      for (String price : p.stripePrices()) {
        String other = priceOwner.put(price, p.name());
        if (other != null) {
          throw new ConfigException(n.at(p.name()) + ".stripePrices", "each Stripe price on one plan; '" + price
              + "' is also on '" + other + "'");
        }
      }
    }
    n.finish();
    return Collections.unmodifiableMap(plans);
  }

}
