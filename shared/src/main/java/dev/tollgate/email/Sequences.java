package dev.tollgate.email;

import dev.tollgate.config.EmailConfig;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.usage.LimitReached;
import java.util.ArrayList;
import java.util.List;

/** Which emails a limit crossing schedules, and which are left of a sequence. */
public final class Sequences {
  private Sequences() {}

  /**
   * The jobs of {@code template}'s sequence for crossing {@code e}: step i is due
   * {@code sequence[i].after} after the crossing.
   */
  public static List<EmailJob> jobsFor(LimitReached e, EmailConfig.Template template) {
    List<EmailJob> jobs = new ArrayList<>(template.sequence().size());
    long at = e.at().toEpochMilli();
    for (int i = 0; i < template.sequence().size(); i++) {
      long due = at + template.sequence().get(i).after().toMillis();
      jobs.add(new EmailJob(e.userId(), e.email(), e.loop(), template.name(), i, e.windowStart().toEpochMilli(), at,
          due, e.used(), e.limit(), e.resetAt().toEpochMilli(), e.plan(), 0, null, e.arm(), e.account().value()));
    }
    return jobs;
  }

  /** The ids of the steps after {@code job} in a sequence of {@code steps} emails. */
  public static List<String> laterStepIds(EmailJob job, int steps) {
    List<String> ids = new ArrayList<>();
    for (int i = job.step() + 1; i < steps; i++) {
      ids.add(EmailJob.id(job.userId(), job.loop(), job.template(), job.windowStart(), i));
    }
    return ids;
  }

  /**
   * The template a crossing of {@code gateId} schedules: the gate's {@code upgradePrompt}
   * ({@code warning} false) or {@code warnPrompt} (true), if the config has one.
   */
  public static java.util.Optional<EmailConfig.Template> templateFor(GatingConfig config, String gateId,
      boolean warning) {
    return templateFor(config, gateId, warning, null);
  }

  /**
   * As above, for an account on experiment arm {@code arm} ({@code experiment:arm}, null = none):
   * the arm's {@code template} replaces the upgrade prompt's (warnings keep theirs).
   */
  public static java.util.Optional<EmailConfig.Template> templateFor(GatingConfig config, String gateId,
      boolean warning, String arm) {
    if (config == null || config.email().isEmpty()) {
      return java.util.Optional.empty();
    }
    java.util.Optional<String> armTemplate = warning || arm == null ? java.util.Optional.empty()
        : armOf(config, arm).flatMap(GatingConfig.Arm::template);
    if (armTemplate.isPresent()) {
      return armTemplate.map(t -> config.email().get().templates().get(t));
    }
    return config.loops().stream().flatMap(l -> l.steps().stream())
        .filter(s -> s.gateId().equals(gateId))
        .findFirst()
        .flatMap(s -> warning ? s.action().warnPrompt() : s.action().upgradePrompt())
        .map(p -> config.email().get().templates().get(p.template()));
  }

  /** The configured arm of an {@code experiment:arm} token, if the config still has it. */
  public static java.util.Optional<GatingConfig.Arm> armOf(GatingConfig config, String token) {
    int colon = token.indexOf(':');
    if (colon <= 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(config.experiments().get(token.substring(0, colon)))
        .map(x -> x.arms().get(token.substring(colon + 1)));
  }
}
