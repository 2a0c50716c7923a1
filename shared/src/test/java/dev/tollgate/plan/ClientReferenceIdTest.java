package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Account ids survive a Payment Link's {@code client_reference_id} rule and come back exactly. */
class ClientReferenceIdTest {
  /** What Stripe keeps in a Payment Link's client_reference_id. */
  private static final Pattern STRIPE_KEEPS = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  @ParameterizedTest
  @ValueSource(strings = {"auth0|abc123", "ada@example.com", "a b", "用户👤", "google-oauth2|1234", "x.y", "tg64_",
      "tg64_YSBi", "user:42", "%7B"})
  void everyIdTravelsInStripesAlphabetAndDecodesExactly(String id) {
    String reference = ClientReferenceId.encode(id);
    assertThat(reference).matches(STRIPE_KEEPS);
    assertThat(ClientReferenceId.decode(reference)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"user_42", "alice", "0f8fad5b-d9cb-469f-a165-70867728950e", "user_2abcDEF"})
  void plainIdsTravelAsTheyAreSoOldLinksKeepWorking(String id) {
    assertThat(ClientReferenceId.encode(id)).isEqualTo(id);
    assertThat(ClientReferenceId.decode(id)).isEqualTo(id);
  }

  @Test
  void aPrefixedValueThatIsNotACanonicalEncodingIsAPlainId() {
    assertThat(ClientReferenceId.decode("tg64_!!")).isEqualTo("tg64_!!");
    assertThat(ClientReferenceId.decode("tg64_YSBi=")).isEqualTo("tg64_YSBi=");
    assertThat(ClientReferenceId.decode("tg64__w")).as("not UTF-8").isEqualTo("tg64__w");
  }

  @Test
  void theUpgradeUrlCarriesTheEncodedIdAndUrlEncodesTheRest() {
    String url = UpgradeUrl.render("https://buy.stripe.com/x?client_reference_id={{userId}}&prefilled_email={{ email }}&x={{other}}"
        + "&a={{accountId}}", Map.of("userId", "auth0|abc123", "accountId", "@acme", "email", "a+b@example.com"));
    assertThat(url).isEqualTo("https://buy.stripe.com/x?client_reference_id=" + ClientReferenceId.encode("auth0|abc123")
        + "&prefilled_email=a%2Bb%40example.com&x={{other}}&a=" + ClientReferenceId.encode("@acme"));
  }
}
