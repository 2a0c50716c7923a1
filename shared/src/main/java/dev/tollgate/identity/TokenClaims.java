package dev.tollgate.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.tollgate.config.GatingConfig;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The claim checks of a token whose signature verified: {@code exp} present and not past,
 * {@code nbf}/{@code iat} not in the future (with {@code clockSkew} leeway), {@code iss} and
 * {@code aud} as configured, a usable user id, the caller's organisation when
 * {@code identity.accountClaim} names one; and the caller's email, taken only when it is
 * exactly one address ({@link EmailAddress}) and the token does not mark it unverified.
 */
final class TokenClaims {
  /** The OpenID Connect claim saying whether the email claim was verified. */
  static final String EMAIL_VERIFIED = "email_verified";
  private static final Logger LOG = Logger.getLogger(TokenClaims.class.getName());

  private final GatingConfig.Jwt jwt;
  private final java.util.Optional<String> accountClaim;
  private final long skewMs;
  private final EmailClaimRefusals refusals;

  /**
   * What the checks found.
   *
   * @param validFromMs when the token becomes valid (nbf less skew; Long.MIN_VALUE without nbf)
   * @param validUntilMs when it stops being valid (exp plus skew)
   */
  record Checked(Caller caller, long validFromMs, long validUntilMs) {}

  TokenClaims(GatingConfig.Jwt jwt, java.util.Optional<String> accountClaim, EmailClaimRefusals refusals) {
    this.jwt = jwt;
    this.accountClaim = accountClaim;
    this.skewMs = jwt.clockSkew().toMillis();
    this.refusals = refusals;
  }

  /** The caller {@code claims} prove at {@code nowMs}, or why not. */
  Checked check(JWTClaimsSet claims, long nowMs) throws InvalidCredentialsException {
    long expMs = millis(claims, "exp");
    if (expMs == Long.MIN_VALUE) {
      throw new InvalidCredentialsException("token has no exp claim");
    }
    if (nowMs >= expMs + skewMs) {
      throw new InvalidCredentialsException("token expired");
    }
    long nbfMs = millis(claims, "nbf");
    long validFromMs = nbfMs == Long.MIN_VALUE ? Long.MIN_VALUE : nbfMs - skewMs;
    if (nowMs < validFromMs) {
      throw new InvalidCredentialsException("token not valid yet (nbf)");
    }
    long iatMs = millis(claims, "iat");
    if (iatMs != Long.MIN_VALUE && iatMs > nowMs + skewMs) {
      throw new InvalidCredentialsException("token issued in the future (iat)");
    }
    if (jwt.issuer().isPresent() && !jwt.issuer().get().equals(claims.getIssuer())) {
      throw new InvalidCredentialsException("token issuer (iss) is not the configured one");
    }
    if (!jwt.audience().isEmpty() && !anyAudience(claims)) {
      throw new InvalidCredentialsException("token audience (aud) does not include a configured one");
    }
    Object user = claims.getClaim(jwt.userClaim());
    if (!(user instanceof String userId)) {
      throw new InvalidCredentialsException("token has no string " + jwt.userClaim() + " claim");
    }
    if (!UserId.isValid(userId)) {
      throw new InvalidCredentialsException("token " + jwt.userClaim()
          + " claim is not a usable user id (empty, over " + UserId.MAX_BYTES + " bytes, braces or control characters)");
    }
    return new Checked(new Caller(userId, email(claims, nowMs), organisation(claims)), validFromMs, expMs + skewMs);
  }

  /**
   * The organisation named by {@code identity.accountClaim}, or null (the caller's own account)
   * when it is not configured or the token has no such claim. A claim that is there but is not
   * a usable id refuses the token: counting such a caller on a personal account would hand out
   * a fresh allowance outside the organisation's pool.
   */
  private String organisation(JWTClaimsSet claims) throws InvalidCredentialsException {
    if (accountClaim.isEmpty()) {
      return null;
    }
    Object org = claims.getClaim(accountClaim.get());
    if (org == null) {
      return null;
    }
    if (org instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      org = Long.toString(n.longValue());
    }
    if (!(org instanceof String id) || !UserId.isValid(id)) {
      throw new InvalidCredentialsException("token " + accountClaim.get()
          + " claim is not a usable account id (a non-empty string without braces or control characters)");
    }
    return id;
  }

  /**
   * The caller's address: the email claim when it is exactly one address and not marked
   * unverified ({@code email_verified} other than true or "true"); null otherwise, counting
   * a claim that is there but is not one address.
   */
  private String email(JWTClaimsSet claims, long nowMs) {
    Object email = claims.getClaim(jwt.emailClaim());
    if (email == null || email instanceof String s && s.isBlank()) {
      return null;
    }
    Object verifiedClaim = claims.getClaim(EMAIL_VERIFIED);
    if (verifiedClaim != null && !Boolean.TRUE.equals(verifiedClaim) && !"true".equals(verifiedClaim)) {
      return null;
    }
    if (email instanceof String s && EmailAddress.isAddrSpec(s)) {
      return s;
    }
    LOG.info(() -> "token " + jwt.emailClaim() + " claim is not one email address: no email for this caller");
    try {
      refusals.refused(Instant.ofEpochMilli(nowMs));
    } catch (RuntimeException e) {
      // the caller is still who the token says: a lost count must not refuse them
      LOG.log(Level.WARNING, "could not count a refused email claim", e);
    }
    return null;
  }

  private boolean anyAudience(JWTClaimsSet claims) {
    for (String a : claims.getAudience()) {
      if (jwt.audience().contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** A NumericDate claim in epoch ms, or Long.MIN_VALUE when absent. */
  private static long millis(JWTClaimsSet claims, String name) throws InvalidCredentialsException {
    try {
      Date d = claims.getDateClaim(name);
      return d == null ? Long.MIN_VALUE : d.getTime();
    } catch (ParseException e) {
      throw new InvalidCredentialsException("token " + name + " claim is not a number");
    }
  }
}
