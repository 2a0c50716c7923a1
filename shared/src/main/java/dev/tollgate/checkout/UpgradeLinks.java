package dev.tollgate.checkout;

import dev.tollgate.config.GatingConfig;
import dev.tollgate.email.UnsubscribeLinks;
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
 * Signed, expiring upgrade links: {@code <checkout.linkBaseUrl>?a=<account>&x=<expiry>&s=<sig>},
 * {@code expiry} in epoch seconds and {@code sig} a {@link LinkSigner} signature (purpose
 * {@code upgrade}) of {@code expiry + ":" + account}. Signed with the links' secret
 * ({@code UNSUBSCRIBE_SECRET}): the purpose keeps an upgrade signature from ever passing as an
 * unsubscribe one, and the reverse.
 */
public final class UpgradeLinks {
  /** The secret's variable: the links' one secret (unsubscribe and upgrade, told apart by purpose). */
  public static final String SECRET_ENV = UnsubscribeLinks.SECRET_ENV;
  /** Query parameter carrying the account id. */
  public static final String ACCOUNT_PARAM = "a";
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

  /** The link for {@code account}, made at {@code now}. */
  public String link(AccountId account, Instant now) {
    long expiry = now.plus(ttl).getEpochSecond();
    String sep = baseUrl.contains("?") ? "&" : "?";
    return baseUrl + sep + ACCOUNT_PARAM + "=" + URLEncoder.encode(account.value(), StandardCharsets.UTF_8) + "&"
        + EXPIRY_PARAM + "=" + expiry + "&" + SIG_PARAM + "=" + signer.sign(expiry + ":" + account.value());
  }

  /** What the link's query parameters {@code query} say at {@code now}. */
  public Check check(Map<String, String> query, Instant now) {
    String account = query.get(ACCOUNT_PARAM);
    String expiry = query.get(EXPIRY_PARAM);
    if (!UserId.isValid(account) || expiry == null || !expiry.matches("\\d{1,12}")
        || !signer.verify(expiry + ":" + account, query.get(SIG_PARAM))) {
      return new Check(Status.INVALID, null);
    }
    AccountId id = AccountId.parse(account);
    return new Check(now.getEpochSecond() >= Long.parseLong(expiry) ? Status.EXPIRED : Status.VALID, id);
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
   */
  public record Check(Status status, AccountId account) {}
}
