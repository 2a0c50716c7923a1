package dev.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {
  static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void namesCompareIgnoringCase() {
    RequestHeaders h = RequestHeaders.of(map("AUTHORIZATION", "Bearer a", "X-Api-Key", "k"));
    assertThat(h.get("authorization")).isEqualTo("Bearer a");
    assertThat(h.get("x-api-key")).isEqualTo("k");
    assertThat(h.get("missing")).isNull();
    assertThat(h.ambiguous("authorization")).isFalse();
  }

  @Test
  void theSameHeaderRepeatedInOtherCaseIsFineWhenTheValuesAgree() {
    RequestHeaders h = RequestHeaders.of(map("Authorization", "Bearer a", "authorization", "Bearer a"));
    assertThat(h.get("Authorization")).isEqualTo("Bearer a");
    assertThat(h.ambiguous("Authorization")).isFalse();
  }

  @Test
  void conflictingCopiesAreAmbiguousAndNeverTrusted() {
    RequestHeaders h = RequestHeaders.of(map("Authorization", "Bearer a", "authorization", "Bearer b"));
    assertThat(h.get("authorization")).isNull();
    assertThat(h.ambiguous("AUTHORIZATION")).isTrue();
    RequestHeaders multi = RequestHeaders.of(map("x-api-key", "k1"), Map.of("X-API-KEY", List.of("k1", "k2")));
    assertThat(multi.get("x-api-key")).isNull();
    assertThat(multi.ambiguous("x-api-key")).isTrue();
  }

  @Test
  void nullMapsAndNullValuesAreNoHeaders() {
    assertThat(RequestHeaders.of(null, null).get("authorization")).isNull();
    Map<String, String> withNull = new LinkedHashMap<>();
    withNull.put("authorization", null);
    withNull.put(null, "x");
    assertThat(RequestHeaders.of(withNull).get("authorization")).isNull();
    assertThat(RequestHeaders.of(withNull).ambiguous("authorization")).isFalse();
  }
}
