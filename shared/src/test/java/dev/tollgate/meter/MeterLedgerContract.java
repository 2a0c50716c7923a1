package dev.tollgate.meter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.identity.AccountId;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of {@link MeterLedger}, run on each backend. */
public abstract class MeterLedgerContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  MeterStores stores;
  MeterLedger ledger;
  AccountId a;

  /** The stores under test. */
  protected abstract MeterStores stores();

  @BeforeEach
  void fresh() {
    stores = stores();
    ledger = stores.ledger();
    a = stores.unique("ledger");
  }

  @Test
  void aCutJournalsTheUnreportedUnitsAndIsReturnedUntilSettled() {
    stores.link(a, "cus_1");
    stores.overage(a, "api_requests", 5);
    MeterEntry e = ledger.cut(a, "api_requests", T0).entry();
    assertThat(e).isEqualTo(new MeterEntry("api_requests", 0, 5, T0.getEpochSecond(), "cus_1", 0, 0, 0, false, ""));
    stores.overage(a, "api_requests", 2);
    assertThat(ledger.cut(a, "api_requests", T0.plusSeconds(60)).entry()).as("the journaled entry, unchanged")
        .isEqualTo(e);
    ledger.settle(a, e);
    MeterEntry next = ledger.cut(a, "api_requests", T0.plusSeconds(120)).entry();
    assertThat(next.from()).isEqualTo(5);
    assertThat(next.to()).as("units counted after the first cut").isEqualTo(7);
    ledger.settle(a, next);
    assertThat(ledger.cut(a, "api_requests", T0.plusSeconds(180))).isEqualTo(new MeterLedger.Cut(null, 0));
  }

  @Test
  void settlingTwiceOrAStaleEntryChangesNothing() {
    stores.link(a, "cus_1");
    stores.overage(a, "api_requests", 3);
    MeterEntry e = ledger.cut(a, "api_requests", T0).entry();
    ledger.settle(a, e);
    stores.overage(a, "api_requests", 4);
    MeterEntry next = ledger.cut(a, "api_requests", T0).entry();
    ledger.settle(a, e);
    MeterLedger.Meter m = ledger.read(a).meters().get(0);
    assertThat(m.reported()).isEqualTo(3);
    assertThat(m.entry()).as("the newer entry survives a late settle of the older").isEqualTo(next);
  }

  @Test
  void aRetryRewritesTheEntryOnlyWhileItIsJournaled() {
    stores.link(a, "cus_1");
    stores.overage(a, "api_requests", 3);
    MeterEntry e = ledger.cut(a, "api_requests", T0).entry();
    MeterEntry failed = e.failed(T0.toEpochMilli(), T0.toEpochMilli() + 60_000, true, "HTTP 500 | api_error");
    ledger.retry(a, failed);
    assertThat(ledger.cut(a, "api_requests", T0).entry()).isEqualTo(failed);
    ledger.settle(a, failed);
    ledger.retry(a, failed);
    assertThat(ledger.read(a).meters().get(0).entry()).as("a retry after the settle is ignored").isNull();
  }

  @Test
  void withoutALinkedCustomerTheUnitsAreHeldNotJournaled() {
    stores.overage(a, "api_requests", 4);
    assertThat(ledger.cut(a, "api_requests", T0)).isEqualTo(new MeterLedger.Cut(null, 4));
    assertThat(ledger.read(a).meters().get(0).entry()).isNull();
    stores.link(a, "cus_9");
    assertThat(ledger.cut(a, "api_requests", T0).entry().customer()).isEqualTo("cus_9");
  }

  @Test
  void readShowsEachMeterThePendingMarkerAndTheCustomer() {
    stores.link(a, "cus_1");
    stores.overage(a, "api_requests", 2);
    stores.overage(a, "tokens", 7);
    MeterLedger.AccountMeters m = ledger.read(a);
    assertThat(m.customer()).isEqualTo("cus_1");
    assertThat(m.pending()).as("the decision marked the account pending").isTrue();
    assertThat(m.meters()).extracting(MeterLedger.Meter::name, MeterLedger.Meter::total, MeterLedger.Meter::reported)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("api_requests", 2L, 0L),
            org.assertj.core.groups.Tuple.tuple("tokens", 7L, 0L));
    assertThat(m.due()).isTrue();
  }
}
