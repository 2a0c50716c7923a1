package dev.tollgate.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what code logs while it is open: everything written to {@code System.out} and
 * {@code System.err} (slf4j-simple and the Lambda runtime's logger write there) and every
 * {@code java.util.logging} record, with stack traces. Output still reaches the console.
 * Not for parallel tests: the standard streams are global.
 *
 * <pre>
 * try (LogCapture logs = LogCapture.start()) {
 *   handler.handleRequest(event, context);
 *   SecretScanner.assertNoSecrets(logs.text(), secret);
 * }
 * </pre>
 */
public final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Handler julHandler;
  private boolean closed;

  private LogCapture() {
    System.setOut(tee(originalOut));
    System.setErr(tee(originalErr));
    SimpleFormatter format = new SimpleFormatter();
    julHandler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        byte[] line = format.format(record).getBytes(StandardCharsets.UTF_8);
        synchronized (captured) {
          captured.write(line, 0, line.length);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    julHandler.setLevel(java.util.logging.Level.ALL);
    Logger.getLogger("").addHandler(julHandler);
  }

  /** Starts capturing; close to restore the streams. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** Runs {@code block} and returns what it logged (also when it throws, which is rethrown). */
  public static String during(Runnable block) {
    try (LogCapture logs = start()) {
      block.run();
      return logs.text();
    }
  }

  /** Everything captured so far. */
  public String text() {
    System.out.flush();
    System.err.flush();
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /** Restores {@code System.out}/{@code System.err} and removes the logging handler. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
    Logger.getLogger("").removeHandler(julHandler);
  }

  private PrintStream tee(PrintStream console) {
    OutputStream both = new OutputStream() {
      @Override
      public void write(int b) {
        console.write(b);
        synchronized (captured) {
          captured.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        console.write(b, off, len);
        synchronized (captured) {
          captured.write(b, off, len);
        }
      }

      @Override
      public void flush() {
        console.flush();
      }
    };
    return new PrintStream(both, true, StandardCharsets.UTF_8);
  }
}
