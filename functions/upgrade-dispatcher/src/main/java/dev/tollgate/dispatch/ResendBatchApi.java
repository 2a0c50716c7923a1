package dev.tollgate.dispatch;

import com.resend.core.exception.ResendException;
import com.resend.core.mapper.ResendMapper;
import com.resend.core.net.AbstractHttpResponse;
import com.resend.core.net.HttpMethod;
import com.resend.core.net.IHttpClient;
import com.resend.core.net.RequestOptions;
import com.resend.services.batch.model.CreateBatchEmailsResponse;
import com.resend.services.emails.model.CreateEmailOptions;
import java.util.List;
import okhttp3.MediaType;

/**
 * Resend's batch endpoint, {@code POST /emails/batch}, through resend-java's public seams only:
 * its models and JSON mapper, over an {@link IHttpClient} of ours. The SDK's own {@code Batch}
 * service takes a transport only through a package-private constructor (and otherwise calls the
 * constant {@code HttpClient.BASE_API}), so these few lines are ours rather than a class planted
 * in the SDK's package. Errors are the SDK's own {@link ResendException}, message parsed from
 * Resend's {@code {"statusCode", "name", "message"}} body as the SDK does.
 */
final class ResendBatchApi {
  /** The endpoint's path under the API's base URL. */
  static final String PATH = "/emails/batch";
  private static final MediaType JSON = MediaType.get("application/json");

  private final String apiKey;
  private final IHttpClient<String> http;
  private final ResendMapper mapper = new ResendMapper();

  /** The endpoint reached through {@code http} with {@code apiKey}. */
  ResendBatchApi(String apiKey, IHttpClient<String> http) {
    this.apiKey = apiKey;
    this.http = http;
  }

  /** Sends {@code emails} (at most 100) in one call with {@code options} (idempotency key, headers). */
  CreateBatchEmailsResponse send(List<CreateEmailOptions> emails, RequestOptions options) throws ResendException {
    AbstractHttpResponse<String> res = http.perform(PATH, apiKey, HttpMethod.POST, mapper.writeValue(emails), JSON,
        options);
    if (!res.isSuccessful()) {
      throw new ResendException(res.getCode(), res.getBody());
    }
    return mapper.readValue(res.getBody(), CreateBatchEmailsResponse.class);
  }
}
