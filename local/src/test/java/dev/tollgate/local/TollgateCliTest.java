package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exit codes and messages of the CLI for usage errors and help, in-process (no Redis, no network). */
class TollgateCliTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TollgateCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "{0} → exit 2: {1}")
  @CsvSource(delimiter = '|', value = {
      "frobnicate|Unmatched argument at index 0: 'frobnicate'",
      "|Missing command",
      "keys|Missing subcommand: one of create, revoke",
      "keys create|Missing required option: '--user=ID'",
      "keys create --user a{b}|--user must be 1-256 bytes without braces",
      "keys create --user a --email Ada<ada@example.com>|--email must be one address like ada@example.com",
      "keys create --user a --email a@b.com,c@d.com|--email must be one address like ada@example.com",
      "usage show|Missing required parameter: 'ACCOUNT'",
      "usage show a{b}|tollgate usage show: account: @org for an organisation or a user id",
      "usage reset @|tollgate usage reset: account: @org for an organisation or a user id",
      "usage show @acme --member a{b}|tollgate usage show: member: 1-256 bytes without braces",
      "keys create --user a --account @{acme}|tollgate keys create: account: an organisation like @acme",
      "credits|Missing subcommand: one of grant, show",
      "credits grant @acme|Missing required parameter: 'N'",
      "credits grant @acme 0|tollgate credits grant: amount: 1..1000000000 units, got 0",
      "credits grant @acme ten|Invalid value for positional parameter at index 1 (N): 'ten' is not a long",
      "credits grant @acme 5 --expires soon|tollgate credits grant: expires: an ISO instant like 2026-01-31T00:00:00Z",
      "credits grant @acme 5 --id a/b|tollgate credits grant: id: 1-128 letters, digits",
      "credits grant @ 5|tollgate credits grant: account: @org for an organisation",
      "credits show|Missing required parameter: 'ACCOUNT'",
      "local --port 70000|--port must be 0..65535",
      "local --dispatch-every soon|--dispatch-every: a duration like 250ms, 30s, 15m, 12h or 3d, got \"soon\"",
      "local --identity oauth|--identity must be jwt or apiKey",
      "local --upstream ftp://x|--upstream must be an http(s) URL",
      "report --days 0|tollgate report: days: 1..400",
      "plan set alice|Missing required parameter: 'PLAN'",
      "plan set alice paid --until tomorrow|tollgate plan set: until: an ISO instant like 2026-01-31T00:00:00Z",
      "keys create --usr alice|tollgate keys create: Unknown option: '--usr'",
      "usage show alice --usr x|tollgate usage show: Unknown options: '--usr', 'x'",
      "usage show alice --region eu-west-1|tollgate usage show: --region only goes with --remote FUNCTION",
      "usage show alice --remote Fn --redis redis://x|--redis cannot be combined with --remote",
      "keys revoke k --remote Fn --port 3000|--port cannot be combined with --remote",
      "token --user bob --ttl 0s|--ttl must be more than 0",
      "token --user bob --org acme --config ../gating.yaml|--org needs identity.accountClaim in the config",
      "token --user bob --org a{b} --config ../examples/pricing.yaml|--org must be 1-256 bytes without braces",
  })
  void usageErrorsExitWith2AndSayWhy(String args, String message) {
    Run r = run(args == null ? new String[0] : args.split(" "));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }

  @ParameterizedTest(name = "{0} --help")
  @CsvSource({"local", "token", "keys", "keys create", "keys revoke", "usage show", "usage reset", "plan set", "report",
      "credits grant", "credits show",
      "reconcile", "stripe send"})
  void everyCommandHasHelp(String command) {
    Run r = run((command + " --help").split(" "));
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: tollgate " + command);
  }

  @Test
  void topLevelHelpListsEachCommandWithAWholeSentence() {
    Run r = run("--help");
    String commands = r.out().substring(r.out().indexOf("Commands:") + "Commands:".length());
    // a command's entry is its line plus the indented continuation lines picocli wraps it into
    List<String> entries = new java.util.ArrayList<>();
    for (String line : commands.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("    ") && !entries.isEmpty()) {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
      } else {
        entries.add(line.strip());
      }
    }
    assertThat(entries).hasSizeGreaterThanOrEqualTo(9).allSatisfy(e -> assertThat(e).as(e).endsWith("."));
  }

  @Test
  void aTokenForAnOrganisationCarriesTheConfigsAccountClaim() throws Exception {
    Run r = run("token", "--user", "ada", "--org", "acme", "--config", "../examples/pricing.yaml");
    assertThat(r.code()).as(r.err()).isZero();
    com.nimbusds.jwt.JWTClaimsSet claims = com.nimbusds.jwt.SignedJWT.parse(r.out().strip()).getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("ada");
    assertThat(claims.getStringClaim("org_id")).isEqualTo("acme");
  }

  @Test
  void aRuntimeErrorNeverPrintsARedisPassword() {
    Run r = run("usage", "show", "alice", "--redis", "redis://ops:s3cret-pw@127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("tollgate usage show: ").doesNotContain("s3cret-pw");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "redis://ops:pw@h:6379/0|redis://ops:***@h:6379/0",
      "rediss://:pw@h:6380|rediss://:***@h:6380",
      "redis://pw@h|redis://***@h",
      "failed: rediss-cluster://u:p@a:1,b:2 down|failed: rediss-cluster://u:***@a:1,b:2 down",
      "redis://h:6379|redis://h:6379"})
  void redactionHidesTheUserInfoPasswordOfRedisUrls(String in, String out) {
    assertThat(Redaction.redact(in)).isEqualTo(out);
  }

  @Test
  void aRuntimeFailureExitsWith1WithAMessageNotAStackTrace() {
    Run r = run("usage", "show", "alice", "--redis", "redis://127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("tollgate usage show: ").doesNotContain("\tat ");
  }

  @Test
  void stripeSendReownsASampleForAUser() {
    String wrapped = "{\"body\":\"{\\\"id\\\":\\\"evt_1\\\",\\\"object\\\":\\\"event\\\",\\\"data\\\":{\\\"object\\\":"
        + "{\\\"client_reference_id\\\":\\\"user_42\\\",\\\"customer\\\":\\\"cus_A1\\\",\\\"metadata\\\":{}}}}\"}";
    var ev = Json.object(StripeCommand.Send.payload(wrapped, "alice", null));
    assertThat(ev.get("id").getAsString()).isEqualTo("evt_1_alice");
    var obj = ev.getAsJsonObject("data").getAsJsonObject("object");
    assertThat(obj.get("client_reference_id").getAsString()).isEqualTo("alice");
    assertThat(obj.get("customer").getAsString()).isEqualTo("cus_A1alice");
    assertThat(StripeCommand.Send.payload(wrapped, null, null)).startsWith("{\"id\":\"evt_1\"");
  }

  @Test
  void stripeSendMovesASamplesTimesToNowKeepingItsPeriodsAndAmounts() throws Exception {
    String sample = java.nio.file.Files.readString(java.nio.file.Path.of("../events/stripe-webhook/"
        + "customer.subscription.updated.json"));
    java.time.Instant now = java.time.Instant.parse("2031-05-06T07:08:09Z");
    var before = Json.object(Json.object(sample).get("body").getAsString());
    var after = Json.object(StripeCommand.Send.payload(sample, "alice", now));
    assertThat(after.get("created").getAsLong()).isEqualTo(now.getEpochSecond());
    var item = after.getAsJsonObject("data").getAsJsonObject("object").getAsJsonObject("items").getAsJsonArray("data")
        .get(0).getAsJsonObject();
    var itemBefore = before.getAsJsonObject("data").getAsJsonObject("object").getAsJsonObject("items")
        .getAsJsonArray("data").get(0).getAsJsonObject();
    long shift = now.getEpochSecond() - before.get("created").getAsLong();
    assertThat(item.get("current_period_end").getAsLong()).isEqualTo(itemBefore.get("current_period_end").getAsLong()
        + shift).isGreaterThan(now.getEpochSecond());
    assertThat(item.get("current_period_start").getAsLong()).isEqualTo(itemBefore.get("current_period_start")
        .getAsLong() + shift);
    assertThat(item.getAsJsonObject("price").get("unit_amount").getAsLong()).isEqualTo(2900);
    assertThat(after.getAsJsonObject("data").getAsJsonObject("object").get("cancel_at").isJsonNull()).isTrue();
  }
}
