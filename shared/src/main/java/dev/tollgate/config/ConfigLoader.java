package dev.tollgate.config;

import dev.tollgate.config.GatingConfig.Action;
import dev.tollgate.config.GatingConfig.Condition;
import dev.tollgate.config.GatingConfig.Dispatch;
import dev.tollgate.config.GatingConfig.Email;
import dev.tollgate.config.GatingConfig.FailMode;
import dev.tollgate.config.GatingConfig.Identity;
import dev.tollgate.config.GatingConfig.IdentityType;
import dev.tollgate.config.GatingConfig.Jwt;
import dev.tollgate.config.GatingConfig.Loop;
import dev.tollgate.config.GatingConfig.Plan;
import dev.tollgate.config.GatingConfig.Prompt;
import dev.tollgate.config.GatingConfig.Recovery;
import dev.tollgate.config.GatingConfig.Redis;
import dev.tollgate.config.GatingConfig.SequenceStep;
import dev.tollgate.config.GatingConfig.Step;
import dev.tollgate.config.GatingConfig.Stripe;
import dev.tollgate.config.GatingConfig.Template;
import dev.tollgate.config.GatingConfig.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");
  private static final Pattern PLAN_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final Set<String> PLACEHOLDERS = Set.of("userId", "email", "limit", "used", "resetAt",
      "upgradeUrl", "unsubscribeUrl", "loop", "plan", "step");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

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
    Optional<Email> email = root.optChild("email").map(ConfigLoader::email);
    Set<String> templates = email.map(e -> e.templates().keySet()).orElse(Set.of());
    List<Loop> loops = root.list("loops", (n, i) -> loop(n, plans, templates));
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
    Identity identity = identity(root.child("identity"));
    Stripe stripe = root.optChild("stripe").map(ConfigLoader::stripe)
        .orElse(new Stripe(Duration.ofDays(3), Duration.ofDays(30), Duration.ofSeconds(300)));
    FailMode failMode = root.optStr("failMode").map(s -> enumOf(root.at("failMode"), s, FailMode.class))
        .orElse(FailMode.OPEN);
    Redis redis = root.optChild("redis").map(ConfigLoader::redis)
        .orElse(new Redis(Duration.ofMillis(250), Duration.ofMillis(300)));
    root.finish();
    return new GatingConfig(List.copyOf(loops), plans, identity, email, stripe, failMode, redis);
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
      p.finish();
      if (isDefault && defaultPlan != null) {
        throw new ConfigException(at + ".default", "exactly one default plan; '" + defaultPlan + "' is already "
            + "the default");
      }
      if (isDefault) {
        defaultPlan = name;
      }
      plans.put(name, new Plan(name, isDefault, List.copyOf(prices)));
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

  private static Loop loop(Node n, Map<String, Plan> plans, Set<String> templates) {
    String name = n.str("name");
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(n.at("name"), "a loop name matching [a-z0-9_-]+ (at most 64), got \"" + name + "\"");
    }
    String type = n.optStr("type").orElse("freemium");
    if (!type.equals("freemium")) {
      throw new ConfigException(n.at("type"), "freemium (the only loop type so far), got \"" + type + "\"");
    }
    String opinion = n.optStr("opinion").orElse("");
    List<Step> steps = n.list("steps", (s, i) -> step(s, name, i, plans, templates));
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

  private static Step step(Node n, String loop, int index, Map<String, Plan> plans, Set<String> templates) {
    Trigger trigger = trigger(n.child("trigger"));
    Condition condition = condition(n.child("condition"), plans);
    Action action = action(n.child("action"), templates);
    if (condition.warnAt().isPresent() && action.warnPrompt().isEmpty() && action.upgradePrompt().isEmpty()) {
      throw new ConfigException(n.at("condition.warnAt"), "an action.warnPrompt (or upgradePrompt) to send the "
          + "warning with");
    }
    return new Step(loop, index == 0 ? loop : loop + "." + index, trigger, condition, action);
  }

  private static Trigger trigger(Node n) {
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
    n.finish();
    return new Trigger(type, glob, Collections.unmodifiableSet(methods));
  }

  private static Condition condition(Node n, Map<String, Plan> plans) {
    String type = n.optStr("type").orElse("usage");
    if (!type.equals("usage")) {
      throw new ConfigException(n.at("type"), "usage, got \"" + type + "\"");
    }
    Node limitNode = n.child("limit");
    Map<String, Long> limits = new LinkedHashMap<>();
    for (String plan : limitNode.keys()) {
      if (!plans.containsKey(plan)) {
        throw new ConfigException(limitNode.at(plan), "a plan declared under 'plans' " + plans.keySet());
      }
      limits.put(plan, limit(limitNode.at(plan), limitNode.raw(plan)));
    }
    for (String plan : plans.keySet()) {
      if (!limits.containsKey(plan)) {
        throw new ConfigException(limitNode.at(plan), "a limit for every plan: '" + plan + "' is missing (a number, "
            + "or unlimited/Infinity)");
      }
    }
    Period period = Period.parse(n.at("period"), n.raw("period"));
    Optional<Double> warnAt = n.optNumber("warnAt");
    if (warnAt.isPresent() && !(warnAt.get() > 0 && warnAt.get() < 1)) {
      throw new ConfigException(n.at("warnAt"), "a share of the limit between 0 and 1 (e.g. 0.8), got " + warnAt.get());
    }
    n.finish();
    return new Condition(type, Collections.unmodifiableMap(limits), period, warnAt);
  }

  private static long limit(String path, Object v) {
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

  private static Action action(Node n, Set<String> templates) {
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

  private static Prompt prompt(Node n, Set<String> templates) {
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

  private static Identity identity(Node n) {
    IdentityType type = switch (n.str("type")) {
      case "jwt" -> IdentityType.JWT;
      case "apiKey" -> IdentityType.API_KEY;
      default -> throw new ConfigException(n.at("type"), "jwt or apiKey, got \"" + n.raw("type") + "\"");
    };
    String header = n.optStr("header").orElse("Authorization");
    Optional<Jwt> jwt = n.optChild("jwt").map(ConfigLoader::jwt);
    if (type == IdentityType.JWT && jwt.isEmpty()) {
      throw new ConfigException(n.at("jwt"), "a jwt section (secretEnv or jwksUrl) when type is jwt");
    }
    Duration cacheTtl = n.has("apiKeyCacheTtl") ? Durations.parse(n.at("apiKeyCacheTtl"), n.raw("apiKeyCacheTtl"))
        : markRead(n, "apiKeyCacheTtl", Duration.ofSeconds(60));
    n.finish();
    return new Identity(type, header, jwt, cacheTtl);
  }

  private static Jwt jwt(Node n) {
    Optional<String> secretEnv = n.optStr("secretEnv");
    Optional<URI> jwks = n.optStr("jwksUrl").map(u -> uri(n.at("jwksUrl"), u));
    if (secretEnv.isPresent() == jwks.isPresent()) {
      throw new ConfigException(n.path(), "exactly one of secretEnv (HS256) or jwksUrl (RS256/ES256)");
    }
    Optional<String> issuer = n.optStr("issuer");
    List<String> audience = n.has("audience") ? List.copyOf(n.strings("audience")) : markRead(n, "audience", List.of());
    String userClaim = n.optStr("userClaim").orElse("sub");
    String emailClaim = n.optStr("emailClaim").orElse("email");
    Duration skew = n.has("clockSkew") ? Durations.parse(n.at("clockSkew"), n.raw("clockSkew"))
        : markRead(n, "clockSkew", Duration.ofSeconds(60));
    n.finish();
    return new Jwt(secretEnv, jwks, issuer, audience, userClaim, emailClaim, skew);
  }

  private static Email email(Node n) {
    String from = n.str("from");
    String upgradeUrl = n.str("upgradeUrl");
    checkPlaceholders(n.at("upgradeUrl"), upgradeUrl);
    String unsubscribe = n.str("unsubscribeBaseUrl");
    uri(n.at("unsubscribeBaseUrl"), unsubscribe);
    Optional<String> replyTo = n.optStr("replyTo");
    Node t = n.child("templates");
    Map<String, Template> templates = new LinkedHashMap<>();
    for (String name : t.keys()) {
      Node tn = Node.of(t.at(name), t.raw(name));
      List<SequenceStep> seq = tn.list("sequence", (s, i) -> sequenceStep(s));
      if (seq.isEmpty()) {
        throw new ConfigException(tn.at("sequence"), "at least one email");
      }
      for (int i = 1; i < seq.size(); i++) {
        if (seq.get(i).after().compareTo(seq.get(i - 1).after()) < 0) {
          throw new ConfigException(tn.at("sequence") + "[" + i + "].after", "steps in time order ('after' not "
              + "earlier than the step before)");
        }
      }
      tn.finish();
      templates.put(name, new Template(name, List.copyOf(seq)));
    }
    t.finish();
    Dispatch dispatch = n.optChild("dispatch").map(ConfigLoader::dispatch)
        .orElse(new Dispatch(2.0, 5, Duration.ofMinutes(1), Duration.ofMinutes(5), 100));
    n.finish();
    return new Email(from, upgradeUrl, unsubscribe, replyTo, Collections.unmodifiableMap(templates), dispatch);
  }

  private static SequenceStep sequenceStep(Node n) {
    Duration after = Durations.parse(n.at("after"), n.raw("after"));
    String subject = n.str("subject");
    Optional<String> html = n.optStr("html");
    Optional<String> text = n.optStr("text");
    if (html.isEmpty() && text.isEmpty()) {
      throw new ConfigException(n.path(), "an html or a text body (or both)");
    }
    checkPlaceholders(n.at("subject"), subject);
    html.ifPresent(h -> checkPlaceholders(n.at("html"), h));
    text.ifPresent(x -> checkPlaceholders(n.at("text"), x));
    return new SequenceStep(after, subject, html.orElse(""), text.orElse(""));
  }

  private static Dispatch dispatch(Node n) {
    double rate = n.optNumber("ratePerSecond").orElse(2.0);
    if (!(rate > 0 && rate <= 1000)) {
      throw new ConfigException(n.at("ratePerSecond"), "a request rate > 0 and <= 1000, got " + rate);
    }
    long attempts = n.optLong("maxAttempts").orElse(5L);
    if (attempts < 1 || attempts > 100) {
      throw new ConfigException(n.at("maxAttempts"), "1..100 attempts, got " + attempts);
    }
    Duration backoff = n.has("backoff") ? Durations.parse(n.at("backoff"), n.raw("backoff"))
        : markRead(n, "backoff", Duration.ofMinutes(1));
    Duration lease = n.has("lease") ? Durations.parse(n.at("lease"), n.raw("lease"))
        : markRead(n, "lease", Duration.ofMinutes(5));
    long batch = n.optLong("batchSize").orElse(100L);
    if (batch < 1 || batch > 100) {
      throw new ConfigException(n.at("batchSize"), "1..100 emails per provider call (Resend's batch limit), got "
          + batch);
    }
    n.finish();
    return new Dispatch(rate, (int) attempts, backoff, lease, (int) batch);
  }

  private static Stripe stripe(Node n) {
    Duration grace = n.has("pastDueGrace") ? Durations.parse(n.at("pastDueGrace"), n.raw("pastDueGrace"))
        : markRead(n, "pastDueGrace", Duration.ofDays(3));
    Duration attribution = n.has("attributionWindow")
        ? Durations.parse(n.at("attributionWindow"), n.raw("attributionWindow"))
        : markRead(n, "attributionWindow", Duration.ofDays(30));
    Duration tolerance = n.has("webhookTolerance")
        ? Durations.parse(n.at("webhookTolerance"), n.raw("webhookTolerance"))
        : markRead(n, "webhookTolerance", Duration.ofSeconds(300));
    n.finish();
    return new Stripe(grace, attribution, tolerance);
  }

  private static Redis redis(Node n) {
    Duration connect = n.has("connectTimeout") ? Durations.parse(n.at("connectTimeout"), n.raw("connectTimeout"))
        : markRead(n, "connectTimeout", Duration.ofMillis(250));
    Duration command = n.has("commandTimeout") ? Durations.parse(n.at("commandTimeout"), n.raw("commandTimeout"))
        : markRead(n, "commandTimeout", Duration.ofMillis(300));
    for (String k : List.of("connectTimeout", "commandTimeout")) {
      Duration d = k.equals("connectTimeout") ? connect : command;
      if (d.isZero() || d.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new ConfigException(n.at(k), "a timeout between 1ms and 10s (the authorizer must answer quickly), got "
            + Durations.format(d));
      }
    }
    n.finish();
    return new Redis(connect, command);
  }

  private static <T> T markRead(Node n, String key, T value) {
    n.raw(key);
    return value;
  }

  private static void checkPlaceholders(String path, String text) {
    var m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw new ConfigException(path, "only the placeholders " + new ArrayList<>(new java.util.TreeSet<>(PLACEHOLDERS))
            + ", got {{" + m.group(1) + "}}");
      }
    }
  }

  private static URI uri(String path, String value) {
    try {
      URI u = new URI(value);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
        throw new URISyntaxException(value, "not http(s)");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ConfigException(path, "an http(s) URL, got \"" + value + "\"");
    }
  }

  private static <E extends Enum<E>> E enumOf(String path, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new ConfigException(path, "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(
        Locale.ROOT) + ", got \"" + value + "\"");
  }
}
