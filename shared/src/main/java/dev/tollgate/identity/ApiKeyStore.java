package dev.tollgate.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Issued API keys, kept by SHA-256 only (see {@link ApiKeys}). */
public interface ApiKeyStore {
  /** The caller owning the key with this SHA-256 hex, or empty when unknown or revoked. */
  Optional<Caller> findByHash(String sha256Hex);

  /** Issues a key for {@code userId} ({@code email} may be null) at {@code now}; returns the plain key, shown once. */
  default String create(String userId, String email, Instant now) {
    return create(userId, email, null, now);
  }

  /**
   * Issues a key for {@code userId} drawing on organisation {@code organisation}'s account
   * (null: the user's own), {@code email} may be null; returns the plain key, shown once.
   */
  String create(String userId, String email, String organisation, Instant now);

  /** Revokes a key given as the plain key or its SHA-256 hex; whether it existed. */
  boolean revoke(String keyOrHash);

  /** The SHA-256 hex of each live key of {@code userId}. */
  Set<String> hashesOf(String userId);
}
