package dev.tollgate.followup;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.conversion.Funnel;
import dev.tollgate.email.EmailJob;
import dev.tollgate.email.EmailQueue;
import dev.tollgate.email.Sequences;
import dev.tollgate.usage.LimitEvents;
import dev.tollgate.usage.LimitReached;
import java.util.List;

/**
 * What a limit crossing sets off, over the ports that own it: the gate's {@code upgradePrompt}
 * sequence scheduled in the {@link EmailQueue} (each step {@code after} the crossing; job ids
 * are deterministic, so a repeat schedules nothing) and {@code limitReached} counted in the
 * {@link Funnel} once per crossing; a warning schedules the {@code warnPrompt} sequence.
 */
public final class CrossingFollowUps implements LimitEvents {
  private final EmailQueue queue;
  private final Funnel funnel;
  private final GatingConfig config;

  /** Follow-ups into {@code queue} and {@code funnel} by {@code config}'s prompts. */
  public CrossingFollowUps(EmailQueue queue, Funnel funnel, GatingConfig config) {
    this.queue = queue;
    this.funnel = funnel;
    this.config = config;
  }

  @Override
  public void limitReached(LimitReached e) {
    List<EmailJob> jobs = Sequences.templateFor(config, e.gateId(), false).map(t -> Sequences.jobsFor(e, t))
        .orElse(List.of());
    queue.schedule(jobs, e.at());
    funnel.limitReached(e.loop(), e.at(), e.crossingId("limit"));
  }

  @Override
  public void warningReached(LimitReached e) {
    Sequences.templateFor(config, e.gateId(), true).ifPresent(t -> queue.schedule(Sequences.jobsFor(e, t), e.at()));
  }
}
