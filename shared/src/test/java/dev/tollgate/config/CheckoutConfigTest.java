package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.testing.CheckoutSamples;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The {@code checkout} section: its contract keys, the plan sold and every mistake named by its key path. */
class CheckoutConfigTest {
  static final String CHECKOUT = CheckoutSamples.SECTION;

  @Test
  void theContractKeysLoadAndThePlansFirstPriceIsSold() {
    CheckoutConfig c = ConfigLoaderTest.load(ConfigLoaderTest.BASE.replace("paid: { stripePrices: [price_A] }",
        "paid: { stripePrices: [price_A, price_B] }") + CHECKOUT).checkout().orElseThrow();
    assertThat(c).isEqualTo(new CheckoutConfig("https://api.acme.dev/billing/upgrade", "paid", "price_A",
        "https://app.acme.dev/billing/done", "https://app.acme.dev/pricing", "https://app.acme.dev/settings",
        Duration.ofDays(7)));
  }

  @Test
  void withoutTheSectionThereIsNoCheckout() {
    assertThat(ConfigLoaderTest.load(ConfigLoaderTest.BASE).checkout()).isEmpty();
  }

  @Test
  void linkTtlIsOptional() {
    assertThat(ConfigLoaderTest.load(ConfigLoaderTest.BASE + CHECKOUT + "  linkTtl: 2d\n").checkout().orElseThrow()
        .linkTtl()).isEqualTo(Duration.ofDays(2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void everyCheckoutMistakeNamesItsKeyPath(String what, String from, String to, String path, String words) {
    String yaml = ConfigLoaderTest.BASE + CHECKOUT.replace(from, to);
    assertThat(yaml).as("the test edits the checkout section").isNotEqualTo(ConfigLoaderTest.BASE + CHECKOUT);
    assertThatThrownBy(() -> ConfigLoaderTest.load(yaml)).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).path()).isEqualTo(path))
        .hasMessageStartingWith(path + ": ").hasMessageContaining(words);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("a plan without stripePrices", "plan: paid", "plan: free", "checkout.plan", "a plan with stripePrices"),
        Arguments.of("an undeclared plan", "plan: paid", "plan: pro", "checkout.plan", "one of the plans"),
        Arguments.of("no plan", "  plan: paid\n", "", "checkout.plan", "a string"),
        Arguments.of("an unknown key", "  plan: paid\n", "  plan: paid\n  price: price_A\n", "checkout.price",
            "unknown key"),
        Arguments.of("a link base that is no URL", "https://api.acme.dev/billing/upgrade", "api.acme.dev/upgrade",
            "checkout.linkBaseUrl", "an http(s) URL"),
        Arguments.of("no success URL", "  successUrl: https://app.acme.dev/billing/done\n", "",
            "checkout.successUrl", "a string"),
        Arguments.of("a cancel URL that is no URL", "https://app.acme.dev/pricing", "pricing",
            "checkout.cancelUrl", "an http(s) URL"),
        Arguments.of("a bad portal return URL", "https://app.acme.dev/settings", "ftp://x/settings",
            "checkout.portalReturnUrl", "an http(s) URL"),
        Arguments.of("a bad link TTL", "  plan: paid\n", "  plan: paid\n  linkTtl: forever\n", "checkout.linkTtl",
            "a duration"));
  }
}
