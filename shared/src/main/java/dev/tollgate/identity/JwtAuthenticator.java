package dev.tollgate.identity;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.config.GatingConfig;
import dev.tollgate.secrets.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Bearer JWTs checked with nimbus-jose-jwt: HS256 with a shared secret ({@link #hmac}) or
 * RSA/EC signatures with keys from a JWKS ({@link #jwks}). Accepts a token only when its
 * algorithm is one the key source allows and its signature verifies ({@link TokenSignature}),
 * and its claims pass {@link TokenClaims}: {@code exp} present and not past, {@code nbf}/{@code iat} not in the
 * future, {@code iss}/{@code aud} as configured, a usable user id (with {@code clockSkew}
 * leeway).
 *
 * <p>The email claim gives the caller's address only when it is exactly one address
 * ({@link EmailAddress}) and the token does not say {@code email_verified: false}; a refused
 * address leaves the caller without email and is counted ({@link EmailClaimRefusals}).
 *
 * <p>Verified tokens are kept until they expire (at most {@value #CACHE_ENTRIES}), keyed by the
 * exact header value, which holds the whole token, and only while the key that verified them
 * is still trusted (a JWKS refresh that drops a key ends its tokens): a repeat caller costs
 * one map lookup, two time comparisons and an identity check of the key, with no parsing,
 * hashing or allocation.
 */
public final class JwtAuthenticator implements Authenticator {
  /** Shortest HS256 secret accepted (RFC 7518 3.2: at least the hash size). */
  public static final int MIN_SECRET_BYTES = 32;
  /** Most verified tokens kept. */
  public static final int CACHE_ENTRIES = 10_000;
  /** Longest header value looked at; longer ones are refused unparsed. */
  static final int MAX_HEADER_CHARS = 16 * 1024;
  /** How long a JWKS is used before it is fetched again, even with no unknown kid. */
  public static final Duration JWKS_MAX_AGE = Duration.ofMinutes(15);
  /** Least time between two JWKS fetches. */
  public static final Duration JWKS_MIN_REFRESH = Duration.ofSeconds(10);
  /** JWKS HTTP connect and read timeouts. */
  public static final Duration JWKS_TIMEOUT = Duration.ofSeconds(2);

  private final String header;
  private final GatingConfig.Jwt jwt;
  private final SigningKeys keys;
  private final java.util.Optional<String> accountClaim;
  private final TokenClaims checks;
  private final ExpiringCache<Verified> verified = new ExpiringCache<>(CACHE_ENTRIES);

  /** A token that passed every check with {@code key}; still valid from {@code validFromMs} (nbf less skew). */
  private record Verified(Caller caller, long validFromMs, JWSVerifier key) {}

  JwtAuthenticator(String header, GatingConfig.Jwt jwt, java.util.Optional<String> accountClaim, SigningKeys keys,
      EmailClaimRefusals refusals) {
    this.header = header.toLowerCase(Locale.ROOT);
    this.jwt = jwt;
    this.accountClaim = accountClaim;
    this.keys = keys;
    this.checks = new TokenClaims(jwt, accountClaim, refusals);
  }

  /** The same checks, counting refused email claims in {@code counter}. */
  JwtAuthenticator countingRefusedEmails(EmailClaimRefusals counter) {
    return new JwtAuthenticator(header, jwt, accountClaim, keys, counter);
  }

  /**
   * HS256 tokens signed with the secret in the environment variable named by
   * {@code identity.jwt.secretEnv}.
   *
   * @throws IllegalStateException when that variable is unset, blank or shorter than
   *     {@value #MIN_SECRET_BYTES} bytes (the message names the variable, never its value)
   */
  public static JwtAuthenticator hmac(GatingConfig.Identity identity, Map<String, String> env) {
    return hmac(identity, Secrets.of(env));
  }

  /**
   * HS256 tokens signed with the secret {@code identity.jwt.secretEnv} names, from
   * {@code secrets}: checked now when it is a plain environment value; read on use, and
   * followed through rotations, when it comes from a secret store, which cannot be read at
   * init (a token only the old secret verified is then no longer trusted from the cache).
   *
   * @throws IllegalStateException when a plain environment value is unset, blank or shorter
   *     than {@value #MIN_SECRET_BYTES} bytes (the message names the variable, never its value)
   */
  public static JwtAuthenticator hmac(GatingConfig.Identity identity, Secrets secrets) {
    GatingConfig.Jwt jwt = jwtSection(identity);
    String name = jwt.secretEnv().orElseThrow(
        () -> new IllegalArgumentException("identity.jwt.secretEnv is not set: HS256 needs the name of the secret's env var"));
    if (secrets.remote()) {
      return new JwtAuthenticator(identity.header(), jwt, identity.accountClaim(),
          new RotatingHmacKeys(name, () -> secrets.get(name)), EmailClaimRefusals.NONE);
    }
    String value = secrets.get(name);
    String problem = RotatingHmacKeys.problem(name, value);
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    return new JwtAuthenticator(identity.header(), jwt, identity.accountClaim(),
        new HmacKeys(value.getBytes(StandardCharsets.UTF_8)), EmailClaimRefusals.NONE);
  }

  /** RSA/EC-signed tokens checked with keys from {@code identity.jwt.jwksUrl}, over HTTP. */
  public static JwtAuthenticator jwks(GatingConfig.Identity identity) {
    GatingConfig.Jwt jwt = jwtSection(identity);
    var url = jwt.jwksUrl().orElseThrow(
        () -> new IllegalArgumentException("identity.jwt.jwksUrl is not set: RS256/ES256 need the issuer's JWKS URL"));
    return jwks(identity, JwksFetcher.http(url, JWKS_TIMEOUT, JWKS_TIMEOUT), JWKS_MIN_REFRESH, JWKS_MAX_AGE);
  }

  /** RSA/EC-signed tokens checked with keys from {@code fetcher}, re-fetched as described on {@link JwksKeys}. */
  public static JwtAuthenticator jwks(GatingConfig.Identity identity, JwksFetcher fetcher, Duration minRefreshInterval,
      Duration maxAge) {
    return new JwtAuthenticator(identity.header(), jwtSection(identity), identity.accountClaim(),
        new JwksKeys(fetcher, minRefreshInterval, maxAge), EmailClaimRefusals.NONE);
  }

  private static GatingConfig.Jwt jwtSection(GatingConfig.Identity identity) {
    return identity.jwt().orElseThrow(() -> new IllegalArgumentException("identity.jwt is not configured"));
  }

  @Override
  public Caller authenticate(RequestHeaders headers, Instant now) throws InvalidCredentialsException {
    String value = headers.get(header);
    if (value == null) {
      throw new InvalidCredentialsException(headers.ambiguous(header)
          ? "the " + header + " header came twice with different values"
          : "no " + header + " header");
    }
    long nowMs = now.toEpochMilli();
    Verified hit = verified.get(value, nowMs);
    if (hit != null) {
      if (!keys.stillTrusts(hit.key, nowMs)) {
        verified.remove(value);
        return verify(value, nowMs);
      }
      if (nowMs < hit.validFromMs) {
        throw new InvalidCredentialsException("token not valid yet (nbf)");
      }
      return hit.caller;
    }
    return verify(value, nowMs);
  }

  private Caller verify(String value, long nowMs) throws InvalidCredentialsException {
    if (value.length() > MAX_HEADER_CHARS) {
      throw new InvalidCredentialsException("the " + header + " header is too long");
    }
    String token = Bearer.credential(value);
    if (token == null) {
      throw new InvalidCredentialsException("the " + header + " header is not \"Bearer <token>\"");
    }
    TokenSignature.Signed signed = TokenSignature.verify(token, keys, nowMs);
    return check(value, signed.claims(), nowMs, signed.key());
  }

  /** The claim checks; caches and returns the caller when all pass. */
  private Caller check(String cacheKey, JWTClaimsSet claims, long nowMs, JWSVerifier key)
      throws InvalidCredentialsException {
    TokenClaims.Checked c = checks.check(claims, nowMs);
    verified.put(cacheKey, new Verified(c.caller(), c.validFromMs(), key), c.validUntilMs(), nowMs);
    return c.caller();
  }
}
