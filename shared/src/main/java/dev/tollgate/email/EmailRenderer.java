package dev.tollgate.email;

import dev.tollgate.checkout.UpgradeLinks;
import dev.tollgate.config.EmailConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.plan.UpgradeUrl;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a job's subject, html and text from its config template. Placeholder values are
 * HTML-escaped in html, URL-encoded inside {@code email.upgradeUrl} (rendered by
 * {@link UpgradeUrl}, which makes {@code {{userId}}} a Stripe-safe reference), and stripped of
 * line breaks in the subject.
 */
public final class EmailRenderer {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");
  private static final DateTimeFormatter RESET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final EmailConfig config;
  private final UnsubscribeLinks links;
  private final Map<String, String> armUpgradeUrls;
  private final UpgradeLinks upgradeLinks;
  private final Clock clock;

  /** A renderer for the {@code email} section, signing links with {@code links}. */
  public EmailRenderer(EmailConfig config, UnsubscribeLinks links) {
    this(config, links, Map.of());
  }

  /**
   * As above; a job on an experiment arm listed in {@code armUpgradeUrls} ({@code experiment:arm}
   * to that arm's {@code upgradeUrl}) links to the arm's URL instead of {@code email.upgradeUrl}.
   */
  public EmailRenderer(EmailConfig config, UnsubscribeLinks links, Map<String, String> armUpgradeUrls) {
    this(config, links, armUpgradeUrls, null, Clock.systemUTC());
  }

  /**
   * As above; with {@code upgradeLinks} (a config with {@code checkout}) an email outside an arm
   * override links to its account's signed upgrade link, made (and so expiring) from
   * {@code clock}'s now.
   */
  public EmailRenderer(EmailConfig config, UnsubscribeLinks links, Map<String, String> armUpgradeUrls,
      UpgradeLinks upgradeLinks, Clock clock) {
    this.config = config;
    this.links = links;
    this.armUpgradeUrls = Map.copyOf(armUpgradeUrls);
    this.upgradeLinks = upgradeLinks;
    this.clock = clock;
  }

  /** The number of steps of {@code template}, or 0 if the config has no such template. */
  public int steps(String template) {
    EmailConfig.Template t = config.templates().get(template);
    return t == null ? 0 : t.sequence().size();
  }

  /**
   * The email for {@code job} to {@code to}.
   *
   * @throws IllegalArgumentException if the config no longer has the job's template or step
   */
  public OutgoingEmail render(EmailJob job, String to) {
    EmailConfig.Template t = config.templates().get(job.template());
    if (t == null || job.step() >= t.sequence().size()) {
      throw new IllegalArgumentException("email.templates." + job.template() + " has no step " + (job.step() + 1)
          + " any more (config changed after scheduling)");
    }
    EmailConfig.SequenceStep step = t.sequence().get(job.step());
    Map<String, String> v = values(job, to);
    v.put("upgradeUrl", upgradeUrl(job, v, to));
    String unsubscribe = links.link(job.userId());
    v.put("unsubscribeUrl", unsubscribe);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("List-Unsubscribe", "<" + unsubscribe + ">");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("loop", job.loop());
    tags.put("step", Integer.toString(job.step() + 1));
    tags.put("template", job.template().replaceAll("[^A-Za-z0-9_-]", "_"));
    if (job.arm() != null && job.arm().indexOf(':') > 0) {
      tags.put("experiment", job.arm().substring(0, job.arm().indexOf(':')));
      tags.put("arm", job.arm().substring(job.arm().indexOf(':') + 1));
    }
    return new OutgoingEmail(job.id(), job.idempotencyKey(), config.from(), to, config.replyTo().orElse(null),
        fill(step.subject(), v, s -> s.replaceAll("[\\r\\n]+", " ")),
        step.html().isEmpty() ? null : fill(step.html(), v, EmailRenderer::escapeHtml),
        step.text().isEmpty() ? null : fill(step.text(), v, UnaryOperator.identity()),
        headers, tags);
  }

  /** An arm's override, else the account's signed link (with checkout), else {@code email.upgradeUrl}. */
  private String upgradeUrl(EmailJob job, Map<String, String> values, String to) {
    String arm = job.arm() == null ? null : armUpgradeUrls.get(job.arm());
    if (arm == null && upgradeLinks != null) {
      return upgradeLinks.link(AccountId.parse(job.accountValue()), to, clock.instant());
    }
    return UpgradeUrl.render(arm == null ? config.upgradeUrl() : arm, values);
  }

  private static Map<String, String> values(EmailJob job, String to) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("userId", job.userId());
    v.put("accountId", job.accountValue());
    v.put("email", to == null ? "" : to);
    v.put("limit", job.limit() < 0 ? "unlimited" : Long.toString(job.limit()));
    v.put("used", Long.toString(job.used()));
    v.put("resetAt", RESET.format(Instant.ofEpochMilli(job.resetAt())));
    v.put("loop", job.loop());
    v.put("plan", job.plan() == null ? "" : job.plan());
    v.put("step", Integer.toString(job.step() + 1));
    return v;
  }

  /** {@code template} with each known placeholder replaced by {@code encode(value)}. */
  static String fill(String template, Map<String, String> values, UnaryOperator<String> encode) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 64);
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : encode.apply(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Escapes the five HTML special characters. */
  public static String escapeHtml(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
