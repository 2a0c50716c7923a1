package dev.tollgate.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.tollgate.identity.AccountId;
import dev.tollgate.identity.Caller;
import dev.tollgate.plan.ClientReferenceId;
import dev.tollgate.redis.Keys;
import dev.tollgate.redis.RedisUsageStore;
import dev.tollgate.testing.TestRedis;
import dev.tollgate.usage.PendingIndex;
import dev.tollgate.usage.UsageGate;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * How a Stripe customer gets linked to an account, on a real Redis with really signed events:
 * issue 11 item 7 ({@code metadata.userId} on the customer, in the current and a 2017 API
 * shape) and item 8 (ids a Payment Link would drop travel encoded in the upgrade link and are
 * decoded at checkout).
 */
class StripeAccountLinkIT {
  private static final UnifiedJedis REDIS = TestRedis.client();

  @Test
  void aCustomerCreatedWithMetadataUserIdIsLinked() {
    StripeWebhookHandler h = WebhookRig.handler(REDIS, l -> { });
    SignedEvents ev = new SignedEvents();
    assertThat(WebhookRig.send(h, ev, "customer.created.json").getBody()).contains("\"result\":\"applied\"");
    assertThat(REDIS.hget(Keys.customer(ev.customer), "u")).isEqualTo(ev.user);
    WebhookRig.send(h, ev, "customer.subscription.updated.json");
    assertThat(WebhookRig.plan(REDIS, ev.user)).containsEntry("plan", "paid").containsEntry("status", "active");
    assertThat(REDIS.hget(Keys.emailProfile(ev.user), "email")).isEqualTo("ada@example.com");
  }

  @Test
  void aCustomerWhoseMetadataChangedInAnOlderApiVersionIsLinkedToTheNewAccount() {
    StripeWebhookHandler h = WebhookRig.handler(REDIS, l -> { });
    SignedEvents ev = new SignedEvents();
    String other = TestRedis.uniqueUser("other");
    WebhookRig.send(h, ev, "checkout.session.completed.json");
    WebhookRig.send(h, ev, "customer.subscription.updated.json");
    WebhookRig.send(h, ev, "customer.updated.2017-08-15.json", e -> metadataUserId(e, other));
    assertThat(WebhookRig.plan(REDIS, other)).containsEntry("plan", "paid");
    assertThat(WebhookRig.plan(REDIS, ev.user)).as("the account it was linked to before").isEmpty();
  }

  @Test
  void aCustomerUpdateThatOnlyRepeatsOldMetadataDoesNotTakeTheCustomerFromItsCheckout() {
    StripeWebhookHandler h = WebhookRig.handler(REDIS, l -> { });
    SignedEvents ev = new SignedEvents();
    String stale = TestRedis.uniqueUser("stale");
    WebhookRig.send(h, ev, "checkout.session.completed.json");
    WebhookRig.send(h, ev, "customer.updated.2017-08-15.json", e -> {
      metadataUserId(e, stale);
      e.getAsJsonObject("data").add("previous_attributes", JsonObjectOf.balance());
    });
    assertThat(REDIS.hget(Keys.customer(ev.customer), "u")).isEqualTo(ev.user);
  }

  @ParameterizedTest
  @ValueSource(strings = {"auth0|abc123", "ada.lovelace+test@example.com", "user_42"})
  void anIdAPaymentLinkWouldDropTravelsEncodedAndTheCheckoutLinksIt(String raw) {
    String account = raw + "-" + Long.toHexString(System.nanoTime());
    UsageGate gate = new UsageGate(WebhookRig.CONFIG, RedisUsageStore.forConfig(REDIS, WebhookRig.CONFIG), PendingIndex.NONE);
    String reference = query(gate.upgradeUrl(new Caller(account, "ada@example.com")), "client_reference_id");
    assertThat(reference).as("what Stripe keeps in a Payment Link").matches("[A-Za-z0-9_-]{1,200}");
    if (raw.equals("user_42")) {
      assertThat(reference).as("plain ids travel as they are").isEqualTo(account);
    }
    StripeWebhookHandler h = WebhookRig.handler(REDIS, l -> { });
    SignedEvents ev = new SignedEvents();
    WebhookRig.send(h, ev, "checkout.session.completed.json",
        e -> SignedEvents.object(e).addProperty("client_reference_id", reference));
    WebhookRig.send(h, ev, "customer.subscription.updated.json");
    assertThat(WebhookRig.plan(REDIS, account)).containsEntry("plan", "paid");
  }

  @Test
  void anOrganisationsAccountIdLinksTheOrganisationNotAUserOfThatName() {
    String org = "acme" + Long.toHexString(System.nanoTime());
    AccountId account = AccountId.organisation(org);
    String reference = ClientReferenceId.encode(account.value());
    StripeWebhookHandler h = WebhookRig.handler(REDIS, l -> { });
    SignedEvents ev = new SignedEvents();
    WebhookRig.send(h, ev, "checkout.session.completed.json",
        e -> SignedEvents.object(e).addProperty("client_reference_id", reference));
    WebhookRig.send(h, ev, "customer.subscription.updated.json");
    assertThat(REDIS.hget(Keys.account(account), "plan")).isEqualTo("paid");
    assertThat(REDIS.ttl(Keys.account(account))).as("plan state never expires with the windows").isEqualTo(-1);
  }

  private static void metadataUserId(JsonObject event, String account) {
    SignedEvents.object(event).getAsJsonObject("metadata").addProperty("userId", account);
  }

  private static String query(String url, String name) {
    return Arrays.stream(URI.create(url).getRawQuery().split("&")).filter(p -> p.startsWith(name + "="))
        .map(p -> URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8)).findFirst().orElseThrow();
  }

  /** previous_attributes of an update that changed something other than the metadata. */
  private static final class JsonObjectOf {
    static JsonObject balance() {
      JsonObject o = new JsonObject();
      o.addProperty("account_balance", 500);
      return o;
    }
  }
}
