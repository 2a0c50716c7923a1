package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where Docker is available: deploys the authorizer exactly as template.yaml declares it
 * (its CodeUri jar and Handler) into LocalStack's Lambda, next to a real Redis, and invokes it
 * once with events/authorizer/allowed.json. Never the only proof of anything: the other
 * template tests check the same template offline. Skipped, saying why, where Docker is absent.
 */
class LocalStackDeployIT {
  /** Pinned: a community image that runs without an account token. */
  private static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";
  private static final String SAMPLE_JWT_SECRET = "tollgate-sample-secret-0123456789abcdef";
  private static final String FUNCTION = "AuthorizerFunction";
  private static final ObjectMapper JSON = new ObjectMapper();
  // LocalStack reads the region from the credential scope and does not check the signature.
  private static final String DUMMY_AUTH = "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/lambda/aws4_request, "
      + "SignedHeaders=host, Signature=0";

  @Test
  void theAuthorizerDeployedFromTheTemplatesJarAllowsTheSampleCall() throws Exception {
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "Docker is not available here: LocalStack deploy test skipped (the other template tests still ran)");
    SamTemplate t = SamTemplate.load();
    Path jar = Repo.root().resolve(String.valueOf(t.functionProperty(FUNCTION, "CodeUri")));
    String handler = String.valueOf(t.functionProperty(FUNCTION, "Handler"));
    byte[] event = Files.readAllBytes(Repo.root().resolve("events/authorizer/allowed.json"));

    try (Network network = Network.newNetwork();
         GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
             .withNetwork(network).withNetworkAliases("redis").withExposedPorts(6379);
         LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
             .withServices("lambda").withNetwork(network).withEnv("LAMBDA_DOCKER_NETWORK", network.getId())) {
      redis.start();
      localstack.start();
      HttpClient http = HttpClient.newHttpClient();
      URI api = localstack.getEndpoint().resolve("/2015-03-31/functions");

      ObjectNode create = JSON.createObjectNode().put("FunctionName", FUNCTION).put("Runtime", "java21")
          .put("Handler", handler).put("Role", "arn:aws:iam::000000000000:role/tollgate").put("Timeout", 60)
          .put("MemorySize", 1024);
      create.putObject("Code").put("ZipFile", Base64.getEncoder().encodeToString(Files.readAllBytes(jar)));
      create.putObject("Environment").putObject("Variables").put("REDIS_URL", "redis://redis:6379")
          .put("JWT_SECRET", SAMPLE_JWT_SECRET);
      HttpResponse<String> created = http.send(post(api, JSON.writeValueAsBytes(create)), HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

      awaitActive(http, URI.create(api + "/" + FUNCTION));
      HttpResponse<String> invoked = http.send(post(URI.create(api + "/" + FUNCTION + "/invocations"), event),
          HttpResponse.BodyHandlers.ofString());
      assertThat(invoked.headers().firstValue("X-Amz-Function-Error")).as(invoked.body()).isEmpty();
      JsonNode policy = JSON.readTree(invoked.body());
      assertThat(policy.path("principalId").asText()).isEqualTo("user_free_1");
      assertThat(policy.path("policyDocument").path("Statement").get(0).path("Effect").asText()).isEqualTo("Allow");
      assertThat(policy.path("context").path("used").asInt()).isEqualTo(1);
    }
  }

  private static HttpRequest post(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri).header("Authorization", DUMMY_AUTH).header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private static void awaitActive(HttpClient http, URI function) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    String state = "";
    while (Instant.now().isBefore(deadline)) {
      HttpRequest get = HttpRequest.newBuilder(function).header("Authorization", DUMMY_AUTH).GET().build();
      state = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body()).path("Configuration").path("State").asText();
      if ("Active".equals(state)) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("LocalStack function never became Active (last state: " + state + ")");
  }
}
