package dev.tollgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small W3C WebDriver client over {@code java.net.http}, driving Debian's headless Chromium
 * through its {@code chromedriver}: start a session, open a page, find elements, read their
 * text and attributes, run a script, take a screenshot. Only what the dashboard test needs.
 */
final class WebDriver implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** W3C's key of an element reference in a WebDriver answer. */
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process driver;
  private final URI base;
  private final String session;

  private WebDriver(Process driver, URI base, String session) {
    this.driver = driver;
    this.base = base;
    this.session = session;
  }

  /** Whether both binaries are installed (Debian's chromium and chromium-driver). */
  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /**
   * Starts chromedriver on a free port and a headless Chromium session with a fresh profile in
   * {@code profile}; the flags keep the browser off the network (nothing but the page it opens).
   */
  static WebDriver start(Path profile, Path log) throws Exception {
    int port = StackProcess.freePort();
    Process p = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    URI base = URI.create("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (call(base, "GET", "/status", null).getAsJsonObject("value").get("ready").getAsBoolean()) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertThat(p.isAlive()).as("chromedriver exited:\n%s", Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("chromedriver ready within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    JsonArray args = new JsonArray();
    for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,2000",
        "--user-data-dir=" + profile)) {
      args.add(a);
    }
    JsonObject options = new JsonObject();
    options.addProperty("binary", CHROMIUM.toString());
    options.add("args", args);
    JsonObject always = new JsonObject();
    always.addProperty("browserName", "chrome");
    always.add("goog:chromeOptions", options);
    JsonObject caps = new JsonObject();
    caps.add("alwaysMatch", always);
    JsonObject body = new JsonObject();
    body.add("capabilities", caps);
    try {
      String session = call(base, "POST", "/session", body).getAsJsonObject("value").get("sessionId").getAsString();
      return new WebDriver(p, base, session);
    } catch (RuntimeException | IOException e) {
      p.destroy();
      throw e;
    }
  }

  /** Opens {@code url} and waits for it to load. */
  void open(URI url) throws Exception {
    JsonObject b = new JsonObject();
    b.addProperty("url", url.toString());
    cmd("POST", "/url", b);
  }

  /** The elements matching {@code css} (their references). */
  List<String> findAll(String css) throws Exception {
    JsonObject b = new JsonObject();
    b.addProperty("using", "css selector");
    b.addProperty("value", css);
    List<String> out = new ArrayList<>();
    for (JsonElement e : cmd("POST", "/elements", b).getAsJsonArray()) {
      out.add(e.getAsJsonObject().get(ELEMENT).getAsString());
    }
    return out;
  }

  /** The one element matching {@code css}. */
  String find(String css) throws Exception {
    List<String> all = findAll(css);
    assertThat(all).as("exactly one element matches %s", css).hasSize(1);
    return all.get(0);
  }

  /** The rendered (visible) text of an element. */
  String text(String element) throws Exception {
    return cmd("GET", "/element/" + element + "/text", null).getAsString();
  }

  /** The visible text of the one element matching {@code css}. */
  String textOf(String css) throws Exception {
    return text(find(css));
  }

  /** An attribute of an element, or null. */
  String attribute(String element, String name) throws Exception {
    JsonElement v = cmd("GET", "/element/" + element + "/attribute/" + name, null);
    return v.isJsonNull() ? null : v.getAsString();
  }

  /** Runs {@code script} (a function body) in the page and answers its return value. */
  JsonElement execute(String script) throws Exception {
    JsonObject b = new JsonObject();
    b.addProperty("script", script);
    b.add("args", new JsonArray());
    return cmd("POST", "/execute/sync", b);
  }

  /** Saves a PNG screenshot of the window to {@code file}. */
  void screenshot(Path file) throws Exception {
    Files.write(file, Base64.getDecoder().decode(cmd("GET", "/screenshot", null).getAsString()));
  }

  private JsonElement cmd(String method, String path, JsonObject body) throws Exception {
    return call(base, method, "/session/" + session + path, body).get("value");
  }

  private static JsonObject call(URI base, String method, String path, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json; charset=utf-8");
    r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(
        body.toString()));
    HttpResponse<String> resp = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    JsonObject answer = JsonParser.parseString(resp.body()).getAsJsonObject();
    if (resp.statusCode() != 200) {
      throw new IllegalStateException("WebDriver " + method + " " + path + " answered " + resp.statusCode() + ": "
          + answer);
    }
    return answer;
  }

  @Override
  public void close() {
    try {
      call(base, "DELETE", "/session/" + session, null);
    } catch (IOException | InterruptedException | RuntimeException e) {
      // the browser is gone already; the driver is stopped below either way
    }
    driver.descendants().forEach(ProcessHandle::destroy);
    driver.destroy();
    try {
      if (!driver.waitFor(10, TimeUnit.SECONDS)) {
        driver.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
