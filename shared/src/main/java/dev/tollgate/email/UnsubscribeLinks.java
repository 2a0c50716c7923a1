package dev.tollgate.email;

import dev.tollgate.links.LinkSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Signed one-click unsubscribe links: {@code <unsubscribeBaseUrl>?u=<userId>&s=<sig>} where
 * {@code sig} is base64url (no padding) of HMAC-SHA256({@code UNSUBSCRIBE_SECRET},
 * {@code "tollgate-unsubscribe:" + userId}), a {@link LinkSigner} of purpose {@code unsubscribe}.
 * Nobody can unsubscribe another user without the secret, and links stay valid for good (an
 * unsubscribe link must keep working).
 */
public final class UnsubscribeLinks {
  /** Environment variable holding the signing secret. */
  public static final String SECRET_ENV = LinkSigner.SECRET_ENV;
  /** Query parameter carrying the user id. */
  public static final String USER_PARAM = "u";
  /** Query parameter carrying the signature. */
  public static final String SIG_PARAM = "s";

  private final String baseUrl;
  private final LinkSigner signer;

  /** Links under {@code baseUrl} signed with {@code secret} (at least 16 characters). */
  public UnsubscribeLinks(String baseUrl, String secret) {
    this.baseUrl = baseUrl;
    this.signer = new LinkSigner("unsubscribe", secret, SECRET_ENV);
  }

  /** The signed link for {@code userId}. */
  public String link(String userId) {
    String sep = baseUrl.contains("?") ? "&" : "?";
    return baseUrl + sep + USER_PARAM + "=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&" + SIG_PARAM
        + "=" + signature(userId);
  }

  /** The signature of {@code userId}. */
  public String signature(String userId) {
    return signer.sign(userId);
  }

  /** Whether {@code sig} is {@code userId}'s signature (constant-time comparison). */
  public boolean verify(String userId, String sig) {
    return userId != null && !userId.isEmpty() && signer.verify(userId, sig);
  }
}
