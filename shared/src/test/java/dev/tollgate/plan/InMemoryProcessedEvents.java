package dev.tollgate.plan;

import java.util.HashSet;
import java.util.Set;

/** In-memory {@link ProcessedEvents}. */
public final class InMemoryProcessedEvents implements ProcessedEvents {
  private final Set<String> ids = new HashSet<>();

  @Override
  public synchronized boolean isProcessed(String eventId) {
    return ids.contains(eventId);
  }

  @Override
  public synchronized void markProcessed(String eventId) {
    ids.add(eventId);
  }
}
