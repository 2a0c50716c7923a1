package dev.tollgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * template.yaml as CloudFormation receives it after the {@code AWS::Serverless} transform:
 * translated offline by AWS SAM's own translator (the Python {@code samtranslator} that
 * cfn-lint installs), with s3:// CodeUris as {@code sam deploy} uploads them and region
 * us-east-1. Tests that need it are skipped, saying why, where Python or samtranslator is
 * missing.
 */
final class SamTranslation {
  /** Valid values for every parameter without a default. */
  static final Map<String, String> REQUIRED = Map.ofEntries(
      Map.entry("BackendUrl", "https://backend.example.com"),
      Map.entry("GatewaySecret", "gateway-secret-0123456789abcdef-0123456789"),
      Map.entry("RedisAuthToken", "redis-token-0123456789"),
      Map.entry("JwtSecret", "jwt-secret-0123456789abcdef-0123456789ab"),
      Map.entry("StripeSecretKey", "sk_test_0123456789abcdef"),
      Map.entry("StripeWebhookSecret", "whsec_test_0123456789"),
      Map.entry("ResendApiKey", "re_test_0123456789"),
      Map.entry("UnsubscribeSecret", "unsubscribe-secret-0123456789abcdef-0123"),
      Map.entry("SecretsExtensionLayerArn",
          "arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Map<String, String>, JsonNode> CACHE = new ConcurrentHashMap<>();
  private static Boolean available;

  private SamTranslation() {}

  /** The translation with {@link #REQUIRED} and the defaults. */
  static JsonNode translate() {
    return translate(Map.of());
  }

  /** The translation with {@link #REQUIRED} overridden by {@code overrides}. */
  static JsonNode translate(Map<String, String> overrides) {
    Map<String, String> parameters = new HashMap<>(REQUIRED);
    parameters.putAll(overrides);
    Assumptions.assumeTrue(available(), "python3 with samtranslator (pip install cfn-lint) is not installed: "
        + "the SAM translation checks are skipped");
    return CACHE.computeIfAbsent(Map.copyOf(parameters), SamTranslation::run);
  }

  /** A translated resource's Properties. */
  static JsonNode properties(JsonNode translated, String logicalId) {
    JsonNode r = translated.path("Resources").path(logicalId);
    if (r.isMissingNode()) {
      throw new AssertionError("the translated template has no resource " + logicalId + "; it has "
          + iterable(translated.path("Resources").fieldNames()));
    }
    return r.path("Properties");
  }

  /** The one resource of {@code type} whose logical id starts with {@code prefix}. */
  static String logicalId(JsonNode translated, String type, String prefix) {
    String found = null;
    for (String id : iterable(translated.path("Resources").fieldNames())) {
      if (id.startsWith(prefix) && type.equals(translated.path("Resources").path(id).path("Type").asText())) {
        if (found != null) {
          throw new AssertionError("two " + type + " resources start with " + prefix + ": " + found + ", " + id);
        }
        found = id;
      }
    }
    if (found == null) {
      throw new AssertionError("no " + type + " starts with " + prefix);
    }
    return found;
  }

  static Iterable<String> iterable(java.util.Iterator<String> it) {
    java.util.List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static synchronized boolean available() {
    if (available == null) {
      try {
        Process p = new ProcessBuilder("python3", "-c", "import samtranslator").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        available = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        available = false;
      }
    }
    return available;
  }

  private static JsonNode run(Map<String, String> parameters) {
    try {
      Path script = Files.createTempFile("sam_translate", ".py");
      try (InputStream in = SamTranslation.class.getResourceAsStream("/sam_translate.py")) {
        Files.write(script, in.readAllBytes());
      }
      ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), Repo.root().resolve("template.yaml").toString());
      pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
      Path err = Files.createTempFile("sam_translate", ".err");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write(JSON.writeValueAsBytes(parameters));
      }
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("SAM could not translate template.yaml: " + Files.readString(err, StandardCharsets.UTF_8));
      }
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new AssertionError("running samtranslator failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
