package dev.tollgate.dispatch;

import com.resend.core.net.AbstractHttpResponse;
import com.resend.core.net.HttpMethod;
import com.resend.core.net.IHttpClient;
import com.resend.core.net.RequestOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Our implementation of resend-java's transport seam ({@link IHttpClient}), over okhttp, with a
 * configurable base URL (the SDK's own transport has it as a constant) that also keeps the last
 * response's {@code Retry-After}, which the SDK drops, per thread. JSON requests only: the
 * dispatcher sends no attachments.
 */
final class ResendHttpClient implements IHttpClient<String> {
  private final String baseUrl;
  private final OkHttpClient http;
  private final ThreadLocal<Duration> lastRetryAfter = ThreadLocal.withInitial(() -> Duration.ZERO);

  ResendHttpClient(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = new OkHttpClient.Builder().callTimeout(timeout).build();
  }

  /** The {@code Retry-After} of this thread's last response (zero if it had none). */
  Duration lastRetryAfter() {
    return lastRetryAfter.get();
  }

  @Override
  public AbstractHttpResponse<String> perform(String path, String apiKey, HttpMethod method, String payload,
      MediaType mediaType) {
    return perform(path, apiKey, method, payload, mediaType, (RequestOptions) null);
  }

  @Override
  public AbstractHttpResponse<String> perform(String path, String apiKey, HttpMethod method, String payload,
      MediaType mediaType, Map<String, String> headers) {
    return perform(path, apiKey, method, payload, mediaType, RequestOptions.builder().addAll(headers).build());
  }

  @Override
  public AbstractHttpResponse<String> perform(String path, String apiKey, HttpMethod method, String payload,
      MediaType mediaType, RequestOptions options) {
    Request.Builder req = new Request.Builder().url(baseUrl + path)
        .header("Accept", "application/json")
        .header("User-Agent", "tollgate-upgrade-dispatcher")
        .header("Authorization", "Bearer " + apiKey)
        .method(method.name(), payload == null ? null : RequestBody.create(payload, mediaType));
    if (options != null) {
      if (options.getIdempotencyKey() != null) {
        req.header("Idempotency-Key", options.getIdempotencyKey());
      }
      options.getAdditionalHeaders().forEach(req::header);
    }
    try (Response res = http.newCall(req.build()).execute()) {
      lastRetryAfter.set(retryAfter(res.header("Retry-After")));
      ResponseBody body = res.body();
      return new AbstractHttpResponse<>(res.code(), body == null ? "" : body.string(), res.isSuccessful());
    } catch (IOException e) {
      throw new UncheckedIOException("Resend request " + method + " " + path + " failed: " + e.getMessage(), e);
    }
  }

  static Duration retryAfter(String header) {
    if (header == null) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(header.trim()) * 1000));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  @Override
  public AbstractHttpResponse<String> performMultipart(String path, String apiKey, HttpMethod method, File file,
      MediaType mediaType, Map<String, String> headers) {
    throw new UnsupportedOperationException("multipart uploads are not used by the dispatcher");
  }

  @Override
  public AbstractHttpResponse<String> performMultipart(String path, String apiKey, HttpMethod method, File file,
      MediaType mediaType, Map<String, String> headers, RequestOptions options) {
    throw new UnsupportedOperationException("multipart uploads are not used by the dispatcher");
  }

  @Override
  public AbstractHttpResponse<String> performMultipart(String path, String apiKey, HttpMethod method, byte[] data,
      String fileName, MediaType mediaType, Map<String, String> headers) {
    throw new UnsupportedOperationException("multipart uploads are not used by the dispatcher");
  }

  @Override
  public AbstractHttpResponse<String> performMultipart(String path, String apiKey, HttpMethod method, byte[] data,
      String fileName, MediaType mediaType, Map<String, String> headers, RequestOptions options) {
    throw new UnsupportedOperationException("multipart uploads are not used by the dispatcher");
  }
}
