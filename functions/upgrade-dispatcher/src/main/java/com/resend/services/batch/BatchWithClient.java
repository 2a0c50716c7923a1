package com.resend.services.batch;

import com.resend.core.net.IHttpClient;

/**
 * Reaches resend-java's package-private {@code Batch(apiKey, IHttpClient)} constructor, the
 * SDK's own seam for a different transport (its base URL is otherwise a constant).
 */
public final class BatchWithClient {
  private BatchWithClient() {}

  /** resend-java's batch service sending through {@code client}. */
  public static Batch create(String apiKey, IHttpClient<?> client) {
    return new Batch(apiKey, client);
  }
}
