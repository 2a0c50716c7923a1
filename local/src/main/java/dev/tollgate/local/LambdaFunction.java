package dev.tollgate.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * One function of template.yaml run in-process: the event is read and the answer written
 * with the serializers the Lambda Java runtime uses ({@code aws-lambda-java-serialization}),
 * so a handler sees here exactly the object it would get on Lambda.
 *
 * @param name the template's logical id, e.g. {@code AuthorizerFunction}
 */
record LambdaFunction<I, O>(String name, Class<I> eventType, RequestHandler<I, O> handler) {

  /** Creates the function {@code name} running {@code handler} on events of {@code eventType}. */
  static <I, O> LambdaFunction<I, O> of(String name, Class<I> eventType, RequestHandler<I, O> handler) {
    return new LambdaFunction<>(name, eventType, handler);
  }

  /**
   * Deserializes {@code eventJson}, runs the handler and serializes its answer; a handler
   * exception propagates (the caller answers it as Lambda does).
   */
  byte[] invoke(byte[] eventJson, Context context) {
    ClassLoader loader = LambdaFunction.class.getClassLoader();
    PojoSerializer<I> in = LambdaEventSerializers.serializerFor(eventType, loader);
    I event = in.fromJson(new ByteArrayInputStream(eventJson));
    O out = handler.handleRequest(event, context);
    if (out == null) {
      return "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    @SuppressWarnings("unchecked")
    Class<O> outType = (Class<O>) out.getClass();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LambdaEventSerializers.serializerFor(outType, loader).toJson(out, bytes);
    return bytes.toByteArray();
  }
}
