package dev.tollgate.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/** The Lambda {@link Context} of one local invocation: a deadline and a logger to stderr. */
final class LocalContext implements Context {
  private final String functionName;
  private final String requestId = UUID.randomUUID().toString();
  private final Instant deadline;
  private final Clock clock;
  private final Consumer<String> log;
  private final ClientContext clientContext;

  /** A context whose log lines go to stderr, prefixed with the function name. */
  LocalContext(String functionName, Duration timeout, Clock clock) {
    this(functionName, timeout, clock, line -> System.err.println("[" + functionName + "] " + line));
  }

  /** A context whose log lines go to {@code log}. */
  LocalContext(String functionName, Duration timeout, Clock clock, Consumer<String> log) {
    this(functionName, timeout, clock, log, null);
  }

  /** A context carrying the caller's {@code clientContext} (the Invoke API's X-Amz-Client-Context). */
  LocalContext(String functionName, Duration timeout, Clock clock, Consumer<String> log, ClientContext clientContext) {
    this.functionName = functionName;
    this.clock = clock;
    this.deadline = clock.instant().plus(timeout);
    this.log = log;
    this.clientContext = clientContext;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return clientContext;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        log.accept(message);
      }

      @Override
      public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
