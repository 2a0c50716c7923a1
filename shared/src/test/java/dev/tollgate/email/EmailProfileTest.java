package dev.tollgate.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who still gets upgrade emails. */
class EmailProfileTest {
  static final long NOW = 1_000_000L;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "free user,                       s@x.io, ,        ,        ,     ,        SEND",
      "unknown address,                 ,       ,        ,        ,     ,        NO_ADDRESS",
      "job address wins,                JOB,    ,        ,        ,     ,        SEND",
      "unsubscribed,                    s@x.io, 5,       ,        ,     ,        UNSUBSCRIBED",
      "converted,                       s@x.io, ,        5,       ,     ,        CONVERTED",
      "paid,                            s@x.io, ,        ,        paid, ,        PAID",
      "paid until later,                s@x.io, ,        ,        paid, 2000000, PAID",
      "paid plan lapsed,                s@x.io, ,        ,        paid, 1000000, SEND",
      "default plan named,              s@x.io, ,        ,        free, ,        SEND",
  })
  void verdict(String name, String stored, Long unsub, Long conv, String plan, Long until, EmailProfile.Verdict v) {
    String jobEmail = "JOB".equals(stored) ? "job@x.io" : null;
    EmailJob job = new EmailJob("u", jobEmail, "l", "t", 0, 0, 0, 0, 0, 0, 0, "free", 0, null);
    EmailProfile p = new EmailProfile("JOB".equals(stored) ? null : stored, unsub, conv, plan, until);
    assertThat(p.verdict(job, "free", NOW)).isEqualTo(v);
    if (v == EmailProfile.Verdict.SEND) {
      assertThat(p.recipient(job)).isEqualTo(jobEmail != null ? jobEmail : stored);
    }
  }
}
