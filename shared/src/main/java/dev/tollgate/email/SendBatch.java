package dev.tollgate.email;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * One provider call as journaled before it is made (the send journal, an outbox): the
 * idempotency key, the jobs and exactly the emails rendered for them, in order. A crashed or
 * unanswered call is replayed from this record byte for byte under the same key, so the provider
 * de-duplicates it instead of sending a second copy.
 */
public record SendBatch(String idempotencyKey, List<EmailJob> jobs, List<OutgoingEmail> emails) {
  private static final Gson GSON = new Gson();

  /** A batch of {@code emails} rendered for {@code jobs} (same order), keyed by {@link #keyFor}. */
  public static SendBatch of(List<EmailJob> jobs, List<OutgoingEmail> emails) {
    return new SendBatch(keyFor(emails), List.copyOf(jobs), List.copyOf(emails));
  }

  /**
   * The provider idempotency key of a batch: one email's own key, or a hash of the emails' keys
   * in order, at most 58 characters.
   */
  public static String keyFor(List<OutgoingEmail> emails) {
    if (emails.size() == 1) {
      return emails.get(0).idempotencyKey();
    }
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (OutgoingEmail m : emails) {
        d.update(m.idempotencyKey().getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
      }
      return "tg-batch-" + HexFormat.of().formatHex(d.digest()).substring(0, 48);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** The job ids, in order. */
  public List<String> jobIds() {
    return jobs.stream().map(EmailJob::id).toList();
  }

  /** This batch with {@code newJobs} (same emails and key), e.g. after a failed attempt. */
  public SendBatch withJobs(List<EmailJob> newJobs) {
    return new SendBatch(idempotencyKey, List.copyOf(newJobs), emails);
  }

  /** This batch without the jobs {@code ids} (and their emails), under the key of what is left. */
  public SendBatch without(Collection<String> ids) {
    List<EmailJob> keptJobs = new ArrayList<>();
    List<OutgoingEmail> keptEmails = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      if (!ids.contains(jobs.get(i).id())) {
        keptJobs.add(jobs.get(i));
        keptEmails.add(emails.get(i));
      }
    }
    return keptJobs.isEmpty() ? new SendBatch(idempotencyKey, List.of(), List.of()) : of(keptJobs, keptEmails);
  }

  /**
   * A compact JSON form for the journal: {@code {"key", "ids": [job id], "jobs": [EmailJob.encode],
   * "emails": [OutgoingEmail]}}; {@code ids} lets a Redis script see the jobs without decoding them.
   */
  public String encode() {
    JsonObject o = new JsonObject();
    o.addProperty("key", idempotencyKey);
    JsonArray ids = new JsonArray();
    JsonArray encoded = new JsonArray();
    for (EmailJob j : jobs) {
      ids.add(j.id());
      encoded.add(j.encode());
    }
    o.add("ids", ids);
    o.add("jobs", encoded);
    o.add("emails", GSON.toJsonTree(emails));
    return GSON.toJson(o);
  }

  /** Reads {@link #encode()}'s form back. */
  public static SendBatch decode(String json) {
    JsonObject o = GSON.fromJson(json, JsonObject.class);
    List<EmailJob> jobs = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("jobs")) {
      jobs.add(EmailJob.decode(e.getAsString()));
    }
    List<OutgoingEmail> emails = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("emails")) {
      emails.add(GSON.fromJson(e, OutgoingEmail.class));
    }
    return new SendBatch(o.get("key").getAsString(), List.copyOf(jobs), List.copyOf(emails));
  }
}
