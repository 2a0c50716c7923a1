package dev.tollgate.email;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The in-memory {@link EmailProfiles}, with setters for tests. */
public final class InMemoryEmailProfiles implements EmailProfiles {
  private final Map<String, EmailProfile> profiles = new HashMap<>();
  private final Map<String, Integer> prompts = new HashMap<>();

  @Override
  public synchronized EmailProfile lookup(String userId) {
    return profiles.getOrDefault(userId, EmailProfile.EMPTY);
  }

  @Override
  public synchronized void unsubscribe(String userId, Instant at) {
    EmailProfile p = lookup(userId);
    if (p.unsubscribedAt() == null) {
      profiles.put(userId, new EmailProfile(p.email(), at.toEpochMilli(), p.convertedAt(), p.plan(), p.planUntil()));
    }
  }

  @Override
  public synchronized void promptSent(String userId, String loop, int step) {
    prompts.merge(userId + "/" + loop, step, Math::max);
  }

  /** Replaces what is known about {@code userId}. */
  public synchronized void put(String userId, EmailProfile profile) {
    profiles.put(userId, profile);
  }

  /** The last step recorded for {@code userId} and {@code loop}, or -1. */
  public synchronized int lastPrompt(String userId, String loop) {
    return prompts.getOrDefault(userId + "/" + loop, -1);
  }
}
