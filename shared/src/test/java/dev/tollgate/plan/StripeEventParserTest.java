package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the sample events of both API versions to the same model. */
class StripeEventParserTest {
  private static final long T0 = 1767225600_000L;
  private static final long PE = T0 + 31L * 86400_000;

  private static StripeEvent sample(String file) throws Exception {
    String apigw = Files.readString(Path.of("../events/stripe-webhook", file));
    return StripeEventParser.parse(JsonParser.parseString(apigw).getAsJsonObject().get("body").getAsString());
  }

  @Test
  void periodIsReadFromTheItemsSince2025AndFromTheSubscriptionBefore() throws Exception {
    SubscriptionSnapshot now = (SubscriptionSnapshot) sample("customer.subscription.updated.json").change().orElseThrow();
    SubscriptionSnapshot old = (SubscriptionSnapshot) sample("customer.subscription.updated.2024-06-20.json").change().orElseThrow();
    for (SubscriptionSnapshot s : new SubscriptionSnapshot[] {now, old}) {
      assertThat(s.periodStart()).isEqualTo(T0);
      assertThat(s.periodEnd()).isEqualTo(PE);
      assertThat(s.priceIds()).containsExactly("price_1PaidMonthly");
      assertThat(s.customerId()).isEqualTo("cus_QtgDemo0001");
    }
  }

  @Test
  void invoiceSubscriptionAndPriceAreFoundInBothShapes() throws Exception {
    InvoiceSnapshot now = (InvoiceSnapshot) sample("invoice.paid.json").change().orElseThrow();
    InvoiceSnapshot old = (InvoiceSnapshot) sample("invoice.paid.2024-06-20.json").change().orElseThrow();
    assertThat(now).usingRecursiveComparison().ignoringFields("observedAt").isEqualTo(old);
    assertThat(now.subscriptionId()).isEqualTo("sub_1QtgDemo0001");
    assertThat(now.priceIds()).containsExactly("price_1PaidMonthly");
    assertThat(now.periodEnd()).isEqualTo(PE);
  }

  @Test
  void checkoutLinksTheClientReferenceId() throws Exception {
    StripeEvent e = sample("checkout.session.completed.json");
    assertThat(e.change()).contains(new CustomerLink("cus_QtgDemo0001", "user_42", "ada@example.com", T0 + 1000, true));
    assertThat(e.created()).isEqualTo(T0 + 1000);
  }

  @Test
  void somethingThatIsNotAnEventIsRefused() {
    assertThatThrownBy(() -> StripeEventParser.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StripeEventParser.parse("{\"id\":\"x\"}")).hasMessageContaining("not a Stripe event");
  }
}
