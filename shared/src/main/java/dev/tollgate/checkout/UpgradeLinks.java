package dev.tollgate.checkout;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.UserId;
import dev.tollgate.links.LinkSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Signed, expiring upgrade links:
 * {@code <checkout.linkBaseUrl>?a=<account>[&e=<email>]&x=<expiry>&s=<sig>}, {@code expiry} in
 * epoch seconds and {@code sig} a {@link LinkSigner} signature (purpose {@code upgrade}) of
 * {@code expiry + ":" + account}, followed by {@code "\n" + email} when the link carries the
 * caller's address (for Checkout's {@code customer_email}; ids hold no line break, so the two
 * cannot be confused). Signed with the links' secret ({@code UNSUBSCRIBE_SECRET}): the purpose
 * keeps an upgrade signature from ever passing as an unsubscribe one, and the reverse.
 */
public final class UpgradeLinks {
  /** The secret's variable: the links' one secret (unsubscribe and upgrade, told apart by purpose). */
  public static final String SECRET_ENV = LinkSigner.SECRET_ENV;
  /** Query parameter carrying the account id. */
  public static final String ACCOUNT_PARAM = "a";
  /** Query parameter carrying the caller's email address (optional). */
  public static final String EMAIL_PARAM = "e";
  /** Query parameter carrying the expiry (epoch seconds). */
  public static final String EXPIRY_PARAM = "x";
  /** Query parameter carrying the signature. */
  public static final String SIG_PARAM = "s";

  private final String baseUrl;
  private final Duration ttl;
  private final LinkSigner signer;

  /** Links under {@code baseUrl}, valid {@code ttl} from when they are made, signed with {@code secret} from {@code secretEnv}. */
  public UpgradeLinks(String baseUrl, Duration ttl, String secret, String secretEnv) {
    this.baseUrl = baseUrl;
    this.ttl = ttl;
    this.signer = new LinkSigner("upgrade", secret, secretEnv);
  }

  /**
   * The links of {@code config}'s {@code checkout} section signed with {@code secret}
   * ({@value #SECRET_ENV}); empty without that section.
   *
   * @throws IllegalArgumentException with checkout configured and no usable secret
   */
  public static Optional<UpgradeLinks> of(GatingConfig config, String secret) {
    return config.checkout().map(c -> new UpgradeLinks(c.linkBaseUrl(), c.linkTtl(), secret, SECRET_ENV));
  }

  /** The link for {@code account} and its caller's {@code email} (null or empty: none), made at {@code now}. */
  public String link(AccountId account, String email, Instant now) {
    long expiry = now.plus(ttl).getEpochSecond();
    String sep = baseUrl.contains("?") ? "&" : "?";
    boolean withEmail = email != null && !email.isEmpty() && email.indexOf('\n') < 0;
    return baseUrl + sep + ACCOUNT_PARAM + "=" + URLEncoder.encode(account.value(), StandardCharsets.UTF_8)
        + (withEmail ? "&" + EMAIL_PARAM + "=" + URLEncoder.encode(email, StandardCharsets.UTF_8) : "")
        + "&" + EXPIRY_PARAM + "=" + expiry + "&" + SIG_PARAM + "=" + signer.sign(payload(expiry, account.value(),
            withEmail ? email : null));
  }

  /** What the link's query parameters {@code query} say at {@code now}. */
  public Check check(Map<String, String> query, Instant now) {
    String account = query.get(ACCOUNT_PARAM);
    String expiry = query.get(EXPIRY_PARAM);
    String email = query.get(EMAIL_PARAM);
    if (!UserId.isValid(account) || expiry == null || !expiry.matches("\\d{1,12}")
        || !signer.verify(payload(Long.parseLong(expiry), account, email), query.get(SIG_PARAM))) {
      return new Check(Status.INVALID, null, Optional.empty());
    }
    AccountId id = AccountId.parse(account);
    Status status = now.getEpochSecond() >= Long.parseLong(expiry) ? Status.EXPIRED : Status.VALID;
    return new Check(status, id, Optional.ofNullable(email).filter(e -> !e.isEmpty()));
  }

  private static String payload(long expiry, String account, String email) {
    return expiry + ":" + account + (email == null || email.isEmpty() ? "" : "\n" + email);
  }

  /** What a link turned out to be. */
  public enum Status {
    /** Signed by us and still valid. */
    VALID,
    /** Signed by us, but past its expiry. */
    EXPIRED,
    /** Missing parts, or not signed by us (tampered). */
    INVALID
  }

  /**
   * The outcome of {@link #check}.
   *
   * @param account the account the link names (null when {@link Status#INVALID})
   * @param email the caller's address the link carries, if any
   */
  public record Check(Status status, AccountId account, Optional<String> email) {}
}
