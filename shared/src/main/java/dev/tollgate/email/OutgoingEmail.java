package dev.tollgate.email;

import java.util.Map;

/**
 * A rendered email ready for a provider, in Resend's send-email terms.
 *
 * @param jobId the queue item it was rendered from
 * @param replyTo null when not configured
 * @param headers extra headers (List-Unsubscribe and List-Unsubscribe-Post)
 * @param tags provider tags (loop, step), values restricted to {@code [A-Za-z0-9_-]}
 */
public record OutgoingEmail(
    String jobId,
    String idempotencyKey,
    String from,
    String to,
    String replyTo,
    String subject,
    String html,
    String text,
    Map<String, String> headers,
    Map<String, String> tags) {}
