package dev.tollgate.identity;

/**
 * An authenticated caller: the user id every key and counter is kept under, and the email
 * address known for them ({@code null} when the credential carries none).
 */
public record Caller(String userId, String email) {}
