package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link EmailProfiles} contract; each backend runs it on its stores, users fresh per test. */
public abstract class EmailProfilesContract {
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  EmailStores stores;
  EmailProfiles profiles;

  /** The stores to run on. */
  protected abstract EmailStores stores();

  @BeforeEach
  void fresh() {
    stores = stores();
    profiles = stores.profiles();
  }

  static String user(String name) {
    return "prof-" + name + "-" + Long.toHexString(System.nanoTime());
  }

  @Test
  void aUserNothingIsKnownAboutHasTheEmptyProfile() {
    assertThat(profiles.lookup(user("nobody"))).isEqualTo(EmailProfile.EMPTY);
  }

  @Test
  void whatOtherPartsWroteReadsBackAsOneProfile() {
    String u = user("known");
    EmailProfile p = new EmailProfile("a@example.com", null, T0.toEpochMilli(), "paid", T0.plusSeconds(60).toEpochMilli());
    stores.seed(u, p);
    assertThat(profiles.lookup(u)).isEqualTo(p);
  }

  @Test
  void unsubscribingKeepsTheFirstTimeAndLeavesTheRestAlone() {
    String u = user("unsub");
    stores.seed(u, new EmailProfile("u@example.com", null, null, "free", null));
    profiles.unsubscribe(u, T0);
    profiles.unsubscribe(u, T0.plusSeconds(3600));
    assertThat(profiles.lookup(u)).isEqualTo(new EmailProfile("u@example.com", T0.toEpochMilli(), null, "free", null));
    assertThat(profiles.lookup(user("other")).unsubscribedAt()).isNull();
  }

  @Test
  void theRecordedPromptStepNeverGoesDownAndIsKeptPerLoop() {
    String u = user("prompt");
    assertThat(stores.lastPrompt(u, "features")).isEqualTo(-1);
    profiles.promptSent(u, "features", 1);
    profiles.promptSent(u, "features", 0);
    profiles.promptSent(u, "exports", 0);
    assertThat(stores.lastPrompt(u, "features")).isEqualTo(1);
    profiles.promptSent(u, "features", 2);
    assertThat(stores.lastPrompt(u, "features")).isEqualTo(2);
    assertThat(stores.lastPrompt(u, "exports")).isZero();
  }
}
