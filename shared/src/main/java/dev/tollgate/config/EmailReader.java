package dev.tollgate.config;

import dev.tollgate.config.EmailConfig.Dispatch;
import dev.tollgate.config.EmailConfig.SequenceStep;
import dev.tollgate.config.EmailConfig.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code email}: sender, links, templates and dispatch settings. */
final class EmailReader {
  private static final Set<String> PLACEHOLDERS = Set.of("userId", "accountId", "email", "limit", "used", "resetAt",
      "upgradeUrl", "unsubscribeUrl", "loop", "plan", "step");
  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  /** Retries must end before the provider forgets the batch's idempotency key (24h at Resend). */
  private static final Duration IDEMPOTENCY_HORIZON = Duration.ofHours(23);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

  private EmailReader() {}

  static EmailConfig email(Node n) {
    String from = n.str("from");
    String upgradeUrl = n.str("upgradeUrl");
    checkPlaceholders(n.at("upgradeUrl"), upgradeUrl);
    String unsubscribe = n.str("unsubscribeBaseUrl");
    SettingsReader.uri(n.at("unsubscribeBaseUrl"), unsubscribe);
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
    Dispatch dispatch = n.optChild("dispatch").map(EmailReader::dispatch)
        .orElse(new Dispatch(2.0, 5, Duration.ofMinutes(1), Duration.ofMinutes(5), 100));
    n.finish();
    return new EmailConfig(from, upgradeUrl, unsubscribe, replyTo, Collections.unmodifiableMap(templates), dispatch);
  }

  static SequenceStep sequenceStep(Node n) {
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

  static Dispatch dispatch(Node n) {
    double rate = n.optNumber("ratePerSecond").orElse(2.0);
    if (!(rate > 0 && rate <= 1000)) {
      throw new ConfigException(n.at("ratePerSecond"), "a request rate > 0 and <= 1000, got " + rate);
    }
    long attempts = n.optLong("maxAttempts").orElse(5L);
    if (attempts < 1 || attempts > 100) {
      throw new ConfigException(n.at("maxAttempts"), "1..100 attempts, got " + attempts);
    }
    Duration backoff = n.has("backoff") ? Durations.parse(n.at("backoff"), n.raw("backoff"))
        : SettingsReader.markRead(n, "backoff", Duration.ofMinutes(1));
    Duration lease = n.has("lease") ? Durations.parse(n.at("lease"), n.raw("lease"))
        : SettingsReader.markRead(n, "lease", Duration.ofMinutes(5));
    long batch = n.optLong("batchSize").orElse(100L);
    if (batch < 1 || batch > 100) {
      throw new ConfigException(n.at("batchSize"), "1..100 emails per provider call (Resend's batch limit), got "
          + batch);
    }
    if (backoff.isZero()) {
      throw new ConfigException(n.at("backoff"), "a retry delay above zero, e.g. 1m");
    }
    Duration retrying = retryingFor(backoff, attempts);
    if (retrying.compareTo(IDEMPOTENCY_HORIZON) >= 0) {
      throw new ConfigException(n.at("backoff"), "retries that end within 23h (Resend forgets an idempotency key "
          + "after 24h, so a later retry could send a copy): backoff " + Durations.format(backoff) + " with maxAttempts "
          + attempts + " keeps retrying for " + Durations.format(retrying));
    }
    n.finish();
    return new Dispatch(rate, (int) attempts, backoff, lease, (int) batch);
  }

  /** How long a batch may stay in retries: base * (1 + 2 + ... + 2^(attempts-2)), each wait capped at a day. */
  private static Duration retryingFor(Duration base, long attempts) {
    long total = 0;
    for (int k = 0; k < attempts - 1; k++) {
      long wait = k >= 30 ? Long.MAX_VALUE : base.toMillis() << k;
      total += wait < 0 || wait > DAY_MS ? DAY_MS : wait;
      if (total >= DAY_MS) {
        return Duration.ofMillis(DAY_MS);
      }
    }
    return Duration.ofMillis(total);
  }

  static void checkPlaceholders(String path, String text) {
    var m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw new ConfigException(path, "only the placeholders " + new ArrayList<>(new java.util.TreeSet<>(PLACEHOLDERS))
            + ", got {{" + m.group(1) + "}}");
      }
    }
  }

}
