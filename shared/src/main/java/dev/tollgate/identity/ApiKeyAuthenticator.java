package dev.tollgate.identity;

import dev.tollgate.config.GatingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * API keys from {@code x-api-key} or, failing that, {@code <header>: Bearer <key>} (header
 * names case-insensitive), looked up by SHA-256 in an {@link ApiKeyStore}.
 *
 * <p>Answers are kept in the container: a known key for {@code ttl} (so a steady caller costs
 * no store command, and a revoked key stops working within {@code ttl}), an unknown one for
 * a short {@code negativeTtl} in a smaller separate cache (so guessing floods neither the
 * store nor the good entries). Cache keys are the raw header values, so a hit allocates
 * nothing and hashes nothing. A stored email that is not exactly one address ({@link
 * EmailAddress}) is not used.
 */
public final class ApiKeyAuthenticator implements Authenticator {
  /** The dedicated API key header (looked up case-insensitively). */
  public static final String API_KEY_HEADER = "x-api-key";
  /** How long an unknown key is remembered as unknown. */
  public static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);
  /** Most known keys kept. */
  public static final int CACHE_ENTRIES = 10_000;
  /** Most unknown keys kept. */
  public static final int NEGATIVE_CACHE_ENTRIES = 1_000;

  private final String header;
  private final ApiKeyStore store;
  private final long ttlMs;
  private final long negativeTtlMs;
  private final ExpiringCache<Caller> known = new ExpiringCache<>(CACHE_ENTRIES);
  private final ExpiringCache<Boolean> unknown = new ExpiringCache<>(NEGATIVE_CACHE_ENTRIES);

  /** Keys per {@code identity} ({@code header}, {@code apiKeyCacheTtl}) looked up in {@code store}. */
  public ApiKeyAuthenticator(GatingConfig.Identity identity, ApiKeyStore store) {
    this(identity.header(), store, identity.apiKeyCacheTtl(), NEGATIVE_TTL);
  }

  /** Keys from {@code x-api-key} or {@code header}, cached {@code ttl} when known, {@code negativeTtl} when not. */
  public ApiKeyAuthenticator(String header, ApiKeyStore store, Duration ttl, Duration negativeTtl) {
    this.header = header.toLowerCase(Locale.ROOT);
    this.store = store;
    this.ttlMs = ttl.toMillis();
    this.negativeTtlMs = negativeTtl.toMillis();
  }

  @Override
  public Caller authenticate(RequestHeaders headers, Instant now) throws InvalidCredentialsException {
    String value = headers.get(API_KEY_HEADER);
    boolean bearer = false;
    if (value == null) {
      refuseAmbiguous(headers, API_KEY_HEADER);
      value = headers.get(header);
      if (value == null) {
        refuseAmbiguous(headers, header);
        throw new InvalidCredentialsException("no " + API_KEY_HEADER + " or " + header + " header");
      }
      bearer = true;
    }
    long nowMs = now.toEpochMilli();
    Caller hit = known.get(value, nowMs);
    if (hit != null) {
      return hit;
    }
    if (unknown.get(value, nowMs) != null) {
      throw new InvalidCredentialsException("unknown or revoked API key");
    }
    return lookUp(value, bearer, nowMs);
  }

  private Caller lookUp(String value, boolean bearer, long nowMs) throws InvalidCredentialsException {
    String key = bearer ? Bearer.credential(value) : value;
    if (key == null) {
      throw new InvalidCredentialsException("the " + header + " header is not \"Bearer <key>\"");
    }
    if (!ApiKeys.wellFormed(key)) {
      throw new InvalidCredentialsException("malformed API key (expected " + ApiKeys.PREFIX + " and "
          + (ApiKeys.KEY_LENGTH - ApiKeys.PREFIX.length()) + " base64url characters)");
    }
    Optional<Caller> found = store.findByHash(ApiKeys.sha256Hex(key));
    if (found.isEmpty()) {
      unknown.put(value, Boolean.TRUE, nowMs + negativeTtlMs, nowMs);
      throw new InvalidCredentialsException("unknown or revoked API key");
    }
    Caller caller = found.get();
    if (caller.email() != null && !EmailAddress.isAddrSpec(caller.email())) {
      // a key stored before addresses were checked: the caller is known, the address is not usable
      caller = new Caller(caller.userId(), null, caller.organisation());
    }
    known.put(value, caller, nowMs + ttlMs, nowMs);
    return caller;
  }

  private static void refuseAmbiguous(RequestHeaders headers, String name) throws InvalidCredentialsException {
    if (headers.ambiguous(name)) {
      throw new InvalidCredentialsException("the " + name + " header came twice with different values");
    }
  }
}
