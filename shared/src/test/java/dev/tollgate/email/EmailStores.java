package dev.tollgate.email;

import dev.tollgate.conversion.Funnel;
import dev.tollgate.conversion.InMemoryFunnel;

/**
 * The email stores a test runs the dispatcher or a contract on — in memory, or real Redis — with
 * what tests seed and read beside the ports.
 */
public interface EmailStores {
  /** A fresh, empty queue. */
  EmailQueue newQueue();

  /** The journal of {@code queue} (one made by {@link #newQueue()}). */
  SendJournal journalOf(EmailQueue queue);

  /** The email profiles. */
  EmailProfiles profiles();

  /** Sets what other parts write about {@code userId} (address, unsubscribe, conversion, plan). */
  void seed(String userId, EmailProfile profile);

  /** The last prompt step recorded for {@code userId} and {@code loop}, or -1. */
  int lastPrompt(String userId, String loop);

  /** The funnel the dispatcher counts sent prompts in. */
  Funnel funnel();

  /** The funnel's promptsSent of {@code loop} on UTC day {@code day} (YYYY-MM-DD). */
  default long promptsSent(String day, String loop) {
    return funnel().day(java.time.LocalDate.parse(day)).counters().getOrDefault(loop + ":promptsSent", 0L);
  }

  /** The in-memory fakes. */
  static EmailStores inMemory() {
    InMemoryEmailProfiles profiles = new InMemoryEmailProfiles();
    InMemoryFunnel funnel = new InMemoryFunnel();
    return new EmailStores() {
      @Override
      public EmailQueue newQueue() {
        return new InMemoryEmailQueue();
      }

      @Override
      public SendJournal journalOf(EmailQueue queue) {
        return ((InMemoryEmailQueue) queue).journal();
      }

      @Override
      public EmailProfiles profiles() {
        return profiles;
      }

      @Override
      public void seed(String userId, EmailProfile profile) {
        profiles.put(userId, profile);
      }

      @Override
      public int lastPrompt(String userId, String loop) {
        return profiles.lastPrompt(userId, loop);
      }

      @Override
      public Funnel funnel() {
        return funnel;
      }
    };
  }
}
