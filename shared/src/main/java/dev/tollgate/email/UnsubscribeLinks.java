package dev.tollgate.email;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed one-click unsubscribe links: {@code <unsubscribeBaseUrl>?u=<userId>&s=<sig>} where
 * {@code sig} is base64url (no padding) of HMAC-SHA256({@code UNSUBSCRIBE_SECRET},
 * {@code "tollgate-unsubscribe:" + userId}). Nobody can unsubscribe another user without the
 * secret, and links stay valid for good (an unsubscribe link must keep working).
 */
public final class UnsubscribeLinks {
  /** Environment variable holding the signing secret. */
  public static final String SECRET_ENV = "UNSUBSCRIBE_SECRET";
  /** Query parameter carrying the user id. */
  public static final String USER_PARAM = "u";
  /** Query parameter carrying the signature. */
  public static final String SIG_PARAM = "s";

  private final String baseUrl;
  private final SecretKeySpec key;

  /** Links under {@code baseUrl} signed with {@code secret} (at least 16 characters). */
  public UnsubscribeLinks(String baseUrl, String secret) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException(SECRET_ENV + " must be set to a random secret of at least 16 characters");
    }
    this.baseUrl = baseUrl;
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The signed link for {@code userId}. */
  public String link(String userId) {
    String sep = baseUrl.contains("?") ? "&" : "?";
    return baseUrl + sep + USER_PARAM + "=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&" + SIG_PARAM
        + "=" + signature(userId);
  }

  /** The signature of {@code userId}. */
  public String signature(String userId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(userId));
  }

  /** Whether {@code sig} is {@code userId}'s signature (constant-time comparison). */
  public boolean verify(String userId, String sig) {
    if (userId == null || userId.isEmpty() || sig == null) {
      return false;
    }
    // compare the canonical text, not decoded bytes: base64 decoders ignore the last character's
    // spare bits, so a decoded comparison would accept altered links
    return MessageDigest.isEqual(signature(userId).getBytes(StandardCharsets.US_ASCII),
        sig.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] mac(String userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(("tollgate-unsubscribe:" + userId).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
