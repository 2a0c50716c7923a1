package dev.tollgate.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Entitlement summaries and credit-selling Checkout Sessions read from the samples, and what is left out of them. */
class StripePricingEventsTest {
  private static JsonObject event(String file) throws Exception {
    String apigw = Files.readString(Path.of("../events/stripe-webhook", file));
    return JsonParser.parseString(JsonParser.parseString(apigw).getAsJsonObject().get("body").getAsString())
        .getAsJsonObject();
  }

  private static StripeEvent parse(String file, Consumer<JsonObject> editObject) throws Exception {
    JsonObject e = event(file);
    editObject.accept(e.getAsJsonObject("data").getAsJsonObject("object"));
    return StripeEventParser.parse(e.toString());
  }

  @Test
  void aSummaryListsTheCustomersLookupKeysAsOfTheEvent() throws Exception {
    StripeEvent e = parse("entitlements.active_entitlement_summary.updated.json", o -> { });
    assertThat(e.change()).contains(new ActiveEntitlements("cus_QtgDemo0001", List.of("export", "priority-support"), true,
        1767225604_000L));
    assertThat(e.notes()).isEmpty();
    ActiveEntitlements none = (ActiveEntitlements) parse("entitlements.active_entitlement_summary.updated.removed.json",
        o -> { }).change().orElseThrow();
    assertThat(none.lookupKeys()).isEmpty();
    assertThat(none.complete()).isTrue();
  }

  @Test
  void aSummaryWithMoreThanItListsIsPartialAndSaysSo() throws Exception {
    StripeEvent e = parse("entitlements.active_entitlement_summary.updated.json",
        o -> o.getAsJsonObject("entitlements").addProperty("has_more", true));
    assertThat(((ActiveEntitlements) e.change().orElseThrow()).complete()).isFalse();
    assertThat(e.notes()).singleElement().asString().contains("has_more", "none removed");
  }

  @Test
  void lookupKeysThatCannotBeStoredAreDroppedWithANoteAndTheRestKept() throws Exception {
    StripeEvent e = parse("entitlements.active_entitlement_summary.updated.json", o -> {
      JsonArray data = o.getAsJsonObject("entitlements").getAsJsonArray("data");
      for (String bad : new String[] {"a,b", "line\nbreak", "x".repeat(81), ""}) {
        JsonObject item = data.get(0).getAsJsonObject().deepCopy();
        item.addProperty("lookup_key", bad);
        data.add(item);
      }
      JsonObject noKey = data.get(0).getAsJsonObject().deepCopy();
      noKey.remove("lookup_key");
      data.add(noKey);
      data.add(new JsonPrimitive(7));
      JsonObject longest = data.get(0).getAsJsonObject().deepCopy();
      longest.addProperty("lookup_key", "é".repeat(80));
      data.add(longest);
    });
    assertThat(((ActiveEntitlements) e.change().orElseThrow()).lookupKeys())
        .containsExactly("export", "priority-support", "é".repeat(80));
    assertThat(e.notes()).hasSize(6).anySatisfy(n -> assertThat(n).contains("\"a,b\"", "comma"))
        .anySatisfy(n -> assertThat(n).contains("line\\nbreak", "control character").doesNotContain("\n"))
        .anySatisfy(n -> assertThat(n).contains("longer than 80"));
  }

  @Test
  void aSummaryWithoutItsCustomerOrListIsNotActedOn() throws Exception {
    assertThat(parse("entitlements.active_entitlement_summary.updated.json", o -> o.remove("customer")).actionable())
        .isFalse();
    StripeEvent noList = parse("entitlements.active_entitlement_summary.updated.json",
        o -> o.getAsJsonObject("entitlements").add("data", new JsonObject()));
    assertThat(noList.actionable()).isFalse();
    assertThat(noList.notes()).singleElement().asString().contains("not acted on");
  }

  @Test
  void aSummaryForACustomerWhoseIdCannotBeAKeyIsABadRequest() {
    assertThatThrownBy(() -> parse("entitlements.active_entitlement_summary.updated.json",
        o -> o.addProperty("customer", "cus_{x}"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customer");
  }

  @Test
  void aPaidSessionWithCreditsGrantsThemToItsAccountWithTheirExpiry() throws Exception {
    StripeEvent e = parse("checkout.session.completed.credits.json", o -> { });
    long paid = 1767312060_000L;
    assertThat(e.credits()).contains(new CreditPurchase("cs_test_QtgCredits0001", null, "user_42", 500,
        paid + Duration.ofDays(365).toMillis(), paid));
    assertThat(e.change()).as("no customer: nothing to link").isEmpty();
    assertThat(e.actionable()).isTrue();
  }

  @Test
  void anAsyncPaymentGrantsOnlyOnceItSucceeded() throws Exception {
    StripeEvent pending = parse("checkout.session.completed.credits_async.json", o -> { });
    assertThat(pending.credits()).isEmpty();
    assertThat(pending.notes()).singleElement().asString().contains("unpaid", "async_payment_succeeded");
    StripeEvent paid = parse("checkout.session.async_payment_succeeded.json", o -> { });
    assertThat(paid.credits()).contains(new CreditPurchase("cs_test_QtgCredits0002", "cus_QtgDemo0001", null, 2000, null,
        1767657660_000L));
    assertThat(paid.change()).as("the session names no account: the customer's link decides").isEmpty();
    StripeEvent free = parse("checkout.session.completed.credits.json", o -> o.addProperty("payment_status",
        "no_payment_required"));
    assertThat(free.credits()).isPresent();
  }

  @ParameterizedTest(name = "tollgate_credits {0}")
  @ValueSource(strings = {"abc", "-5", "0", "1.5", "1e3", " 5", "+5", "5\n", "1000000001", "99999999999999999999", "",
      "{\"n\":5}", "null", "[5]"})
  void creditsMetadataThatIsNotAWholeNumberOfUnitsIsLeftOutWithANote(String value) throws Exception {
    JsonElement v = value.startsWith("{") || value.startsWith("[") || value.equals("null") ? JsonParser.parseString(value)
        : new JsonPrimitive(value);
    StripeEvent e = parse("checkout.session.completed.credits.json",
        o -> o.getAsJsonObject("metadata").add("tollgate_credits", v));
    assertThat(e.credits()).isEmpty();
    assertThat(e.notes()).singleElement().asString().contains("cs_test_QtgCredits0001", "tollgate_credits", "not granted")
        .doesNotContain("\n");
  }

  @ParameterizedTest(name = "tollgate_credits_expire_days {0}")
  @ValueSource(strings = {"soon", "0", "-1", "3651", "1.5", "7d"})
  void anExpiryThatIsNotAWholeNumberOfDaysGrantsNothing(String value) throws Exception {
    StripeEvent e = parse("checkout.session.completed.credits.json",
        o -> o.getAsJsonObject("metadata").addProperty("tollgate_credits_expire_days", value));
    assertThat(e.credits()).isEmpty();
    assertThat(e.notes()).singleElement().asString().contains("tollgate_credits_expire_days", "not granted");
  }

  @Test
  void theLargestGrantIsABillionUnitsAndNumbersMayComeAsJsonNumbers() throws Exception {
    assertThat(parse("checkout.session.completed.credits.json", o -> o.getAsJsonObject("metadata")
        .addProperty("tollgate_credits", "1000000000")).credits().orElseThrow().units()).isEqualTo(1_000_000_000L);
    assertThat(parse("checkout.session.completed.credits.json", o -> o.getAsJsonObject("metadata")
        .addProperty("tollgate_credits", 25)).credits().orElseThrow().units()).isEqualTo(25);
  }

  @Test
  void aSessionNamingNeitherAccountNorCustomerGrantsNothingAndSaysWhy() throws Exception {
    StripeEvent e = parse("checkout.session.completed.credits.json", o -> o.remove("client_reference_id"));
    assertThat(e.credits()).isEmpty();
    assertThat(e.actionable()).isFalse();
    assertThat(e.notes()).singleElement().asString().contains("names no account");
  }
}
