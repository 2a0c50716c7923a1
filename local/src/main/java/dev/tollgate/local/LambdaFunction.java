package dev.tollgate.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One function of template.yaml run in-process: the event is read and the answer written
 * with the serializers the Lambda Java runtime uses ({@code aws-lambda-java-serialization}),
 * so a handler sees here exactly the object it would get on Lambda; a
 * {@link RequestStreamHandler} gets the raw bytes, as on Lambda.
 *
 * @param <I> the event type ({@link InputStream} for a stream handler)
 * @param <O> the answer type ({@link OutputStream} for a stream handler)
 */
final class LambdaFunction<I, O> {
  /** Runs the handler on one event's bytes; returns the answer's bytes. */
  private interface Invoker {
    byte[] invoke(byte[] eventJson, Context context) throws IOException;
  }

  private final String name;
  private final Invoker invoker;

  private LambdaFunction(String name, Invoker invoker) {
    this.name = name;
    this.invoker = invoker;
  }

  /** The function {@code name} running {@code handler} on events of {@code eventType}. */
  static <I, O> LambdaFunction<I, O> of(String name, Class<I> eventType, RequestHandler<I, O> handler) {
    ClassLoader loader = LambdaFunction.class.getClassLoader();
    // built once per function, as the Lambda runtime does: building one costs milliseconds
    PojoSerializer<I> in = LambdaEventSerializers.serializerFor(eventType, loader);
    Map<Class<?>, PojoSerializer<Object>> outs = new ConcurrentHashMap<>();
    return new LambdaFunction<>(name, (eventJson, context) -> {
      I event = in.fromJson(new ByteArrayInputStream(eventJson));
      O out = handler.handleRequest(event, context);
      if (out == null) {
        return "null".getBytes(StandardCharsets.UTF_8);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      outs.computeIfAbsent(out.getClass(), LambdaFunction::serializer).toJson(out, bytes);
      return bytes.toByteArray();
    });
  }

  @SuppressWarnings("unchecked")
  private static PojoSerializer<Object> serializer(Class<?> type) {
    return LambdaEventSerializers.serializerFor((Class<Object>) type, LambdaFunction.class.getClassLoader());
  }

  /** The function {@code name} running a stream handler (JSON bytes in, bytes out). */
  static LambdaFunction<InputStream, OutputStream> ofStream(String name, RequestStreamHandler handler) {
    return new LambdaFunction<>(name, (eventJson, context) -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(eventJson), out, context);
      return out.toByteArray();
    });
  }

  /** The template's logical id, e.g. {@code AuthorizerFunction}. */
  String name() {
    return name;
  }

  /**
   * Runs the handler on {@code eventJson} and returns its serialized answer; a handler
   * exception propagates (the caller answers it as Lambda does).
   */
  byte[] invoke(byte[] eventJson, Context context) {
    try {
      return invoker.invoke(eventJson, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
