package dev.tollgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeysTest {
  @Test
  void generatedKeysAreWellFormedAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String k = ApiKeys.generate();
      assertThat(k).startsWith("tg_").hasSize(ApiKeys.KEY_LENGTH);
      assertThat(ApiKeys.wellFormed(k)).isTrue();
      assertThat(seen.add(k)).isTrue();
    }
  }

  @Test
  void sha256HexMatchesAKnownVector() {
    assertThat(ApiKeys.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, true",
      "tg_abcdefghijklmnopqrstuvwxyz0123456789-_ABCDE, true",
      "tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, false",
      "tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, false",
      "xx_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, false",
      "tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=, false",
      "tg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+, false",
  })
  void wellFormed(String key, boolean expected) {
    assertThat(ApiKeys.wellFormed(key)).isEqualTo(expected);
  }

  @Test
  void hashOfAcceptsAKeyOrAHash() {
    String k = ApiKeys.generate();
    String h = ApiKeys.sha256Hex(k);
    assertThat(ApiKeys.hashOf(k)).isEqualTo(h);
    assertThat(ApiKeys.hashOf(h)).isEqualTo(h);
    assertThatThrownBy(() -> ApiKeys.hashOf(h.toUpperCase())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKeys.hashOf("secret-ish")).isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-ish"));
  }
}
