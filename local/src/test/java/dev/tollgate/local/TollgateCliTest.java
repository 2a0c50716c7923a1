package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
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
      "usage show a{b}|ACCOUNT must be an account: @org for an organisation or a user id",
      "usage reset @|ACCOUNT must be an account",
      "keys create --user a --account @{acme}|--account must name an organisation like @acme",
      "credits|Missing subcommand: one of grant, show",
      "credits grant @acme|Missing required parameter: 'N'",
      "credits grant @acme 0|N must be 1..1000000000 units, got 0",
      "credits grant @acme ten|Invalid value for positional parameter at index 1 (N): 'ten' is not a long",
      "credits grant @acme 5 --expires soon|--expires must be an ISO instant like 2026-12-31T00:00:00Z, got soon",
      "credits grant @acme 5 --expires 2001-01-01T00:00:00Z|--expires 2001-01-01T00:00:00Z is not in the future",
      "credits grant @acme 5 --id a/b|--id must be 1-128 letters, digits",
      "credits show|Missing required parameter: 'ACCOUNT'",
      "local --port 70000|--port must be 0..65535",
      "local --dispatch-every soon|--dispatch-every: a duration like 250ms, 30s, 15m, 12h or 3d, got \"soon\"",
      "local --identity oauth|--identity must be jwt or apiKey",
      "local --upstream ftp://x|--upstream must be an http(s) URL",
      "report --days 0|--days must be 1..400",
      "plan set alice|Missing required parameter: 'PLAN'",
      "plan set alice paid --until tomorrow|--until must be an ISO instant",
      "token --user bob --ttl 0s|--ttl must be more than 0",
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
  void aRuntimeFailureExitsWith1WithAMessageNotAStackTrace() {
    Run r = run("usage", "show", "alice", "--redis", "redis://127.0.0.1:1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("tollgate show: ").doesNotContain("\tat ");
  }

  @Test
  void theAccessDeniedBodyIsTheGatewayTemplateFilledVerbatim() {
    String body = GatewayEmulator.accessDenied(Map.of("code", "usage_limit_exceeded", "message", "Say \\\"hi\\\"",
        "upgradeUrl", "https://x/?a=1", "limit", "3", "used", "3", "resetAt", "2030-01-01T00:00:00Z"));
    assertThat(body).isEqualTo("{\"error\":\"usage_limit_exceeded\",\"message\":\"Say \\\"hi\\\"\",\"upgradeUrl\":"
        + "\"https://x/?a=1\",\"limit\":3,\"used\":3,\"resetAt\":\"2030-01-01T00:00:00Z\"}");
    assertThat(Json.object(body).get("message").getAsString()).isEqualTo("Say \"hi\"");
  }

  @Test
  void stripeSendReownsASampleForAUser() {
    String wrapped = "{\"body\":\"{\\\"id\\\":\\\"evt_1\\\",\\\"object\\\":\\\"event\\\",\\\"data\\\":{\\\"object\\\":"
        + "{\\\"client_reference_id\\\":\\\"user_42\\\",\\\"customer\\\":\\\"cus_A1\\\",\\\"metadata\\\":{}}}}\"}";
    var ev = Json.object(StripeCommand.Send.payload(wrapped, "alice"));
    assertThat(ev.get("id").getAsString()).isEqualTo("evt_1_alice");
    var obj = ev.getAsJsonObject("data").getAsJsonObject("object");
    assertThat(obj.get("client_reference_id").getAsString()).isEqualTo("alice");
    assertThat(obj.get("customer").getAsString()).isEqualTo("cus_A1alice");
    assertThat(StripeCommand.Send.payload(wrapped, null)).startsWith("{\"id\":\"evt_1\"");
  }
}
