package dev.tollgate.local;

import com.google.gson.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Runs an operator action in a deployed stack: invokes its {@code AdminFunction} (name or
 * ARN) through the Lambda Invoke API with the AWS SDK's standard credential chain and region
 * (environment, system properties, profiles, SSO, instance roles), or {@code --region},
 * {@code --profile} and {@code --endpoint-url} when given. The operator's name (OS user and
 * host) travels in the client context for the function's audit line.
 */
final class RemoteAdmin {
  /** Reconcile may read every customer: allow the longest a Lambda can run. */
  static final Duration READ_TIMEOUT = Duration.ofMinutes(15);

  private final String function;
  private final String region;
  private final String profile;
  private final URI endpoint;

  RemoteAdmin(String function, String region, String profile, URI endpoint) {
    this.function = function;
    this.region = region;
    this.profile = profile;
    this.endpoint = endpoint;
  }

  /** The function's answer document to {@code request} (JSON of an {@code AdminRequest}). */
  JsonObject call(JsonObject request) {
    LambdaClientBuilder b = LambdaClient.builder()
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(READ_TIMEOUT).build());
    if (region != null) {
      b.region(Region.of(region));
    }
    if (profile != null) {
      b.credentialsProvider(DefaultCredentialsProvider.builder().profileName(profile).build());
    }
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    InvokeResponse r;
    try (LambdaClient lambda = b.build()) {
      r = lambda.invoke(i -> i.functionName(function).invocationType(InvocationType.REQUEST_RESPONSE)
          .clientContext(clientContext()).payload(SdkBytes.fromUtf8String(request.toString())));
    } catch (SdkException e) {
      throw new IllegalStateException("could not invoke " + function + (endpoint == null ? "" : " at " + endpoint) + ": "
          + e.getMessage(), e);
    }
    String payload = r.payload() == null ? "" : r.payload().asUtf8String();
    if (r.functionError() != null) {
      throw new IllegalStateException(function + " failed: " + describeError(payload));
    }
    try {
      return Json.object(payload);
    } catch (RuntimeException e) {
      throw new IllegalStateException(function + " answered something that is not an admin answer: " + payload, e);
    }
  }

  /** Lambda's {@code {"errorType", "errorMessage"}} as one line. */
  static String describeError(String payload) {
    try {
      JsonObject o = Json.object(payload);
      String type = o.has("errorType") ? o.get("errorType").getAsString() : "error";
      return (o.has("errorMessage") ? o.get("errorMessage").getAsString() : payload) + " (" + type + ")";
    } catch (RuntimeException notJson) {
      return payload;
    }
  }

  /** Base64 JSON, as Lambda's {@code ClientContext}: {@code {"custom": {"operator": "user@host"}}}. */
  static String clientContext() {
    JsonObject custom = new JsonObject();
    custom.addProperty("operator", operator());
    JsonObject cc = new JsonObject();
    cc.add("custom", custom);
    return Base64.getEncoder().encodeToString(cc.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String operator() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name", "unknown") + "@" + host;
  }
}
