package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard end to end: a local stack seeded as a user would (real calls through the
 * gateway until blocked, the dispatcher run through the Invoke API, a conversion through a
 * signed Stripe webhook), then the page opened in headless Chromium over WebDriver. What the
 * page shows (tables, bars, lists) must be what {@code tollgate report --json} prints, its JSON
 * must be that very document, and the page must load nothing but itself.
 */
class DashboardBrowserIT {
  static final List<String> COUNTERS = List.of("limitReached", "promptsSent", "conversions");

  @TempDir
  static Path dir;
  static StackProcess stack;
  static JsonObject report;
  static WebDriver browser;

  @BeforeAll
  static void seedAndOpen() throws Exception {
    assumeTrue(WebDriver.available(), "the dashboard's browser test needs Debian's chromium and chromium-driver "
        + "(/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them: apt-get install chromium chromium-driver");
    Path config = dir.resolve("gating-5.yaml");
    // generous Redis timeouts: this test is about what the page shows, on a machine that may be busy
    Files.writeString(config, Files.readString(StackProcess.REPO.resolve("gating.yaml")).replace("free: 100", "free: 5")
        + "\nredis:\n  connectTimeout: 5s\n  commandTimeout: 5s\n");
    stack = StackProcess.start(dir, StackProcess.java(), Map.of(), config, "--outbox", "outbox");
    for (String user : List.of("ada", "bob")) {
      String token = cli("token", "--user", user, "--email", user + "@example.com").trim();
      for (int i = 1; i <= 5; i++) {
        assertThat(call(token).statusCode()).as("%s call %d", user, i).isEqualTo(200);
      }
      assertThat(call(token).statusCode()).as("%s is blocked", user).isEqualTo(402);
    }
    String cy = cli("token", "--user", "cy", "--email", "cy@example.com").trim();
    for (int i = 1; i <= 4; i++) {
      assertThat(call(cy).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> run = stack.post("/2015-03-31/functions/UpgradeDispatcherFunction/invocations",
        Files.readString(StackProcess.REPO.resolve("events/upgrade-dispatcher/scheduled.json")));
    assertThat(run.headers().firstValue("X-Amz-Function-Error")).as(run.body()).isEmpty();
    assertThat(Json.object(run.body()).get("followUpEvents").getAsInt()).as(run.body()).isEqualTo(5);
    for (String f : List.of("checkout.session.completed.json", "customer.subscription.updated.json")) {
      cli("stripe", "send", StackProcess.REPO.resolve("events/stripe-webhook/" + f).toString(), "--user", "ada");
    }
    report = Json.object(cli("report", "--json", "--days", "30"));
    browser = WebDriver.start(Files.createDirectories(dir.resolve("chromium-profile")), dir.resolve("chromedriver.log"));
    browser.open(stack.uri("/dashboard?days=30"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.screenshot(Path.of("target", "dashboard-e2e.png"));
      browser.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theSeedIsInTheReport() {
    JsonObject features = report.getAsJsonObject("loops").getAsJsonObject("features");
    assertThat(features.get("limitReached").getAsLong()).isEqualTo(2);
    assertThat(features.get("promptsSent").getAsLong()).as("2 upgrade prompts, 3 usage warnings").isEqualTo(5);
    assertThat(features.get("conversions").getAsLong()).isEqualTo(1);
    assertThat(report.getAsJsonArray("latestBlocks")).hasSize(2);
    assertThat(report.getAsJsonArray("nearestLimits")).hasSize(3);
  }

  @Test
  void theDataJsonIsTheReportDocument() throws Exception {
    HttpResponse<String> data = stack.get("/dashboard/data.json?days=30");
    assertThat(data.statusCode()).isEqualTo(200);
    assertThat(Json.object(data.body())).isEqualTo(report);
    HttpResponse<String> bad = stack.get("/dashboard/data.json?days=0");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("days: 1..400");
  }

  @Test
  void theFunnelTableAndBarsShowTheReportsNumbers() throws Exception {
    assertThat(browser.textOf("#range")).isEqualTo(report.get("from").getAsString() + " .. "
        + report.get("to").getAsString() + " (UTC, 30 days)");
    for (Map.Entry<String, JsonElement> loop : report.getAsJsonObject("loops").entrySet()) {
      String row = "#loops tr[data-loop='" + loop.getKey() + "'] ";
      JsonObject f = loop.getValue().getAsJsonObject();
      for (String c : COUNTERS) {
        assertThat(browser.textOf(row + "td[data-field='" + c + "']")).as(loop.getKey() + " " + c)
            .isEqualTo(f.get(c).getAsString());
        assertThat(browser.attribute(browser.find(".chart-funnel[data-loop='" + loop.getKey() + "'] rect[data-series='"
            + c + "']"), "data-value")).isEqualTo(f.get(c).getAsString());
      }
      assertThat(browser.textOf(row + "td[data-field='conversionRate']")).isEqualTo(percent(f.get("conversionRate")));
    }
    int rows = 0;
    for (JsonElement d : report.getAsJsonArray("days")) {
      String day = d.getAsJsonObject().get("day").getAsString();
      for (Map.Entry<String, JsonElement> loop : d.getAsJsonObject().getAsJsonObject("loops").entrySet()) {
        JsonObject f = loop.getValue().getAsJsonObject();
        String row = "table.days[data-loop='" + loop.getKey() + "'] tr[data-day='" + day + "'] ";
        for (String c : COUNTERS) {
          assertThat(browser.textOf(row + "td[data-field='" + c + "']")).isEqualTo(f.get(c).getAsString());
          List<String> bar = browser.findAll(".chart-days[data-loop='" + loop.getKey() + "'] rect[data-day='" + day
              + "'][data-series='" + c + "']");
          if (f.get(c).getAsLong() == 0) {
            assertThat(bar).as("no bar for nothing").isEmpty();
          } else {
            assertThat(browser.attribute(bar.get(0), "data-value")).isEqualTo(f.get(c).getAsString());
          }
        }
        rows++;
      }
    }
    assertThat(rows).as("the seed's day").isPositive();
    assertThat(browser.findAll("table.days tbody tr")).hasSize(rows);
  }

  @Test
  void experimentsAreShownExactlyAsTheReportHasThem() throws Exception {
    JsonObject all = report.has("experiments") ? report.getAsJsonObject("experiments") : new JsonObject();
    if (all.isEmpty()) {
      assertThat(browser.textOf("#experiments")).contains("No experiments in this report.");
    }
    for (Map.Entry<String, JsonElement> x : all.entrySet()) {
      for (Map.Entry<String, JsonElement> a : x.getValue().getAsJsonObject().getAsJsonObject("arms").entrySet()) {
        JsonObject arm = a.getValue().getAsJsonObject();
        String row = ".experiment[data-experiment='" + x.getKey() + "'] tr[data-arm='" + a.getKey() + "'] ";
        assertThat(browser.textOf(row + "td[data-field='exposed']")).isEqualTo(arm.get("exposed").getAsString());
        assertThat(browser.textOf(row + "td[data-field='conversions']")).isEqualTo(arm.get("conversions").getAsString());
        assertThat(browser.textOf(row + "td[data-field='rate']")).isEqualTo(percent(arm.get("rate")));
        assertThat(browser.textOf(row + "td[data-field='ci95']")).isEqualTo(percent(arm.get("ci95Low")) + " to "
            + percent(arm.get("ci95High")));
      }
    }
  }

  @Test
  void nearestLimitsAndLatestBlocksAreTheReportsInItsOrder() throws Exception {
    List<String> nearest = browser.findAll("#nearest-limits tbody tr");
    assertThat(nearest).hasSize(report.getAsJsonArray("nearestLimits").size());
    for (int i = 0; i < nearest.size(); i++) {
      JsonObject n = report.getAsJsonArray("nearestLimits").get(i).getAsJsonObject();
      String row = "#nearest-limits tbody tr:nth-child(" + (i + 1) + ") ";
      assertThat(browser.textOf(row + "td[data-field='account']")).isEqualTo(n.get("account").getAsString());
      assertThat(browser.textOf(row + "td[data-field='share']")).isEqualTo(
          String.format(Locale.ROOT, "%.0f%%", n.get("share").getAsDouble() * 100));
      assertThat(browser.textOf(row + "td[data-field='usedLimit']")).isEqualTo(n.get("used").getAsLong() + " / "
          + n.get("limit").getAsLong());
      assertThat(browser.textOf(row + "td[data-field='resetAt']")).isEqualTo(n.get("resetAt").getAsString());
    }
    assertThat(browser.textOf("#nearest-limits tbody tr:last-child td[data-field='account']")).as("80 %% of 5")
        .isEqualTo("cy");
    List<String> blocks = browser.findAll("#latest-blocks tbody tr");
    assertThat(blocks).hasSize(report.getAsJsonArray("latestBlocks").size());
    for (int i = 0; i < blocks.size(); i++) {
      JsonObject k = report.getAsJsonArray("latestBlocks").get(i).getAsJsonObject();
      String row = "#latest-blocks tbody tr:nth-child(" + (i + 1) + ") ";
      for (String field : List.of("at", "account", "user", "loop", "reason", "plan")) {
        assertThat(browser.textOf(row + "td[data-field='" + field + "']")).isEqualTo(k.get(field).getAsString());
      }
    }
  }

  @Test
  void thePageLoadsNothingButItselfAndRunsNoScript() throws Exception {
    assertThat(browser.execute("return performance.getEntriesByType('resource').length").getAsInt()).isZero();
    assertThat(browser.execute("return document.scripts.length").getAsInt()).isZero();
    assertThat(browser.execute("return document.querySelectorAll('svg').length").getAsInt()).isGreaterThanOrEqualTo(3);
    HttpResponse<String> page = StackProcess.HTTP.send(HttpRequest.newBuilder(stack.uri("/dashboard"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardRoute.CSP);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
  }

  private static String percent(JsonElement share) {
    return String.format(Locale.ROOT, "%.1f%%", share.getAsDouble() * 100);
  }

  private static HttpResponse<String> call(String token) throws Exception {
    return StackProcess.HTTP.send(HttpRequest.newBuilder(stack.uri("/api/features/search"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cli(String... args) throws Exception {
    StackProcess.Cli r = StackProcess.cli(dir, StackProcess.java(), Map.of(), args);
    assertThat(r.code()).as("tollgate %s: %s", List.of(args), r.err()).isZero();
    return r.out();
  }
}
