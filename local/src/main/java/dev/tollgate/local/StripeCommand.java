package dev.tollgate.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.stripe.net.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tollgate stripe}: helpers for trying the webhook without the Stripe CLI. */
@Command(name = "stripe", mixinStandardHelpOptions = true, description = "Sends Stripe events to the local stack.",
    subcommands = {StripeCommand.Send.class})
final class StripeCommand extends CommandGroup {

  /** {@code stripe send}. */
  @Command(name = "send", mixinStandardHelpOptions = true,
      description = {"Signs a Stripe event and POSTs it to the local webhook, as Stripe would.",
          "Signed with STRIPE_WEBHOOK_SECRET (default: the local stack's dev secret). FILE is a raw event JSON or",
          "an events/stripe-webhook sample (its body is sent); its timestamps and periods are moved to now, as if",
          "it happened today. Exit 0 when the webhook answers 2xx, else 1."})
  static final class Send implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Stripe event JSON, or an API Gateway event wrapping one")
    Path file;

    @Option(names = "--url", paramLabel = "URL",
        description = "webhook URL (default: the running './tollgate local' of this folder, else http://localhost:3000)")
    URI url;

    @Option(names = "--port", paramLabel = "PORT", description = "with several './tollgate local' in this folder: "
        + "the one on this port")
    Integer port;

    @Option(names = "--keep-times", description = "send the event's timestamps as they are in FILE (default: moved to "
        + "now)")
    boolean keepTimes;

    @Option(names = "--user", paramLabel = "ID", description = {"send it for this user: sets client_reference_id and "
        + "metadata.userId, and makes the event, customer and subscription ids the user's own (so samples can be ",
        "replayed for several users)"})
    String user;

    @Override
    public Integer call() throws IOException, GeneralSecurityException, InterruptedException {
      if (user != null) {
        CommandGroup.checkUser(spec, "--user", user);
      }
      if (!Files.isRegularFile(file)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "FILE " + file + " does not exist");
      }
      Instant sent = Instant.now();
      String payload = payload(Files.readString(file, StandardCharsets.UTF_8), user, keepTimes ? null : sent);
      Map<String, String> env = System.getenv();
      long now = sent.getEpochSecond();
      String header = Webhook.Signature.generateSignatureHeader(payload, DevDefaults.webhookSecret(env), now);
      URI target = url != null ? url : URI.create("http://localhost:" + LocalState.select(port).map(LocalState::port)
          .orElse(port == null ? 3000 : port) + LocalStack.WEBHOOK_PATH);
      HttpRequest req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json; charset=utf-8").header("Stripe-Signature", header)
          .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks) tollgate-stripe-send")
          .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
      HttpResponse<String> res;
      try {
        res = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException("could not reach " + target + " — is './tollgate local' running?", e);
      }
      boolean ok = res.statusCode() / 100 == 2;
      (ok ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(res.statusCode() + " " + res.body());
      return ok ? 0 : 1;
    }

    /**
     * The event JSON to send: the file's, or the body of the API Gateway event in it;
     * re-owned for {@code user} (null: as it is); moved to {@code now} (null: times kept).
     */
    static String payload(String text, String user, Instant now) {
      JsonObject doc;
      try {
        doc = JsonParser.parseString(text).getAsJsonObject();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("FILE is not a JSON object: " + e.getMessage(), e);
      }
      if (!doc.has("object") && doc.has("body") && doc.get("body").isJsonPrimitive()) {
        String body = doc.get("body").getAsString();
        if (doc.has("isBase64Encoded") && doc.get("isBase64Encoded").getAsBoolean()) {
          body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        if (user == null && now == null) {
          return body;
        }
        doc = JsonParser.parseString(body).getAsJsonObject();
      }
      if (!doc.has("object") || !"event".equals(doc.get("object").getAsString())) {
        throw new IllegalArgumentException("FILE holds no Stripe event (an object with \"object\": \"event\")");
      }
      if (user == null && now == null) {
        return text;
      }
      if (user != null) {
        String suffix = user.replaceAll("[^A-Za-z0-9]", "");
        doc.addProperty("id", doc.get("id").getAsString() + "_" + suffix);
        reown(doc.get("data"), user, suffix);
      }
      if (now != null) {
        SampleTimes.shiftToNow(doc, now);
      }
      return Json.EXACT.toJson(doc);
    }

    private static void reown(JsonElement e, String user, String suffix) {
      if (e == null || e.isJsonNull()) {
        return;
      }
      if (e.isJsonArray()) {
        e.getAsJsonArray().forEach(x -> reown(x, user, suffix));
        return;
      }
      if (!e.isJsonObject()) {
        return;
      }
      for (Map.Entry<String, JsonElement> f : e.getAsJsonObject().entrySet()) {
        JsonElement v = f.getValue();
        if (f.getKey().equals("client_reference_id") || f.getKey().equals("userId")) {
          f.setValue(new JsonPrimitive(user));
        } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()
            && v.getAsString().matches("(cus|sub|cs|in|si)_[A-Za-z0-9]+")) {
          f.setValue(new JsonPrimitive(v.getAsString() + suffix));
        } else {
          reown(v, user, suffix);
        }
      }
    }
  }
}
