package dev.tollgate.redis;

/**
 * The keys of one named email queue and its send journal (see {@link Keys}), all in the
 * {@code {tg}} slot so every queue script is one atomic call, on Redis Cluster too.
 */
record EmailQueueKeys(String due, String lease, String items, String done, String dead, String sending,
    String sendingAt, String inflight) {

  /** The queue called {@code name} ({@code ""} = the default queue). */
  static EmailQueueKeys named(String name) {
    return new EmailQueueKeys(Keys.emailQueue(name, "due"), Keys.emailQueue(name, "lease"),
        Keys.emailQueue(name, "items"), Keys.emailQueue(name, "done"), Keys.emailQueue(name, "dead"),
        Keys.emailQueue(name, "sending"), Keys.emailQueue(name, "sendingAt"), Keys.emailQueue(name, "inflight"));
  }
}
