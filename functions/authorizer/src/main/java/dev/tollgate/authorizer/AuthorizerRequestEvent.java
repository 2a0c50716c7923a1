package dev.tollgate.authorizer;

import dev.tollgate.identity.RequestHeaders;
import dev.tollgate.usage.GateRequest;
import dev.tollgate.usage.RequestRoute;
import java.util.List;
import java.util.Map;

/**
 * The REST API {@code REQUEST} authorizer event, as API Gateway sends it and the Lambda Java
 * runtime's serializer fills it (a plain bean: other fields of the event are ignored). The
 * library's {@code APIGatewayCustomAuthorizerEvent} has no {@code multiValueHeaders}: a header
 * sent twice would show only its last value there, so two different credentials could not be
 * told apart from one.
 */
public final class AuthorizerRequestEvent {
  private String type;
  private String methodArn;
  private String resource;
  private String path;
  private String httpMethod;
  private Map<String, String> headers;
  private Map<String, List<String>> multiValueHeaders;
  private Map<String, String> pathParameters;
  private RequestContext requestContext;

  /** The request's headers, single- and multi-value maps together (looked up in place, not copied). */
  public RequestHeaders requestHeaders() {
    return RequestHeaders.of(headers, multiValueHeaders);
  }

  /** What the gate matches: method, the route the backend receives, whether it is a CORS preflight. */
  public GateRequest gateRequest(RequestHeaders h) {
    RequestContext rc = requestContext;
    return GateRequest.of(httpMethod, RequestRoute.candidates(resource, pathParameters, path,
        rc == null ? null : rc.path, rc == null ? null : rc.stage), h);
  }

  /** {@code REQUEST}. */
  public String getType() {
    return type;
  }

  /** Sets {@link #getType()}. */
  public void setType(String type) {
    this.type = type;
  }

  /** The ARN of the method called (the policy's resource). */
  public String getMethodArn() {
    return methodArn;
  }

  /** Sets {@link #getMethodArn()}. */
  public void setMethodArn(String methodArn) {
    this.methodArn = methodArn;
  }

  /** The API resource template, e.g. {@code /{proxy+}}. */
  public String getResource() {
    return resource;
  }

  /** Sets {@link #getResource()}. */
  public void setResource(String resource) {
    this.resource = resource;
  }

  /** The request path (with a custom domain's base path, without the stage). */
  public String getPath() {
    return path;
  }

  /** Sets {@link #getPath()}. */
  public void setPath(String path) {
    this.path = path;
  }

  /** The HTTP method. */
  public String getHttpMethod() {
    return httpMethod;
  }

  /** Sets {@link #getHttpMethod()}. */
  public void setHttpMethod(String httpMethod) {
    this.httpMethod = httpMethod;
  }

  /** Headers, the last value of each. */
  public Map<String, String> getHeaders() {
    return headers;
  }

  /** Sets {@link #getHeaders()}. */
  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  /** Headers with every value received. */
  public Map<String, List<String>> getMultiValueHeaders() {
    return multiValueHeaders;
  }

  /** Sets {@link #getMultiValueHeaders()}. */
  public void setMultiValueHeaders(Map<String, List<String>> multiValueHeaders) {
    this.multiValueHeaders = multiValueHeaders;
  }

  /** The resource's path parameters, URL-decoded. */
  public Map<String, String> getPathParameters() {
    return pathParameters;
  }

  /** Sets {@link #getPathParameters()}. */
  public void setPathParameters(Map<String, String> pathParameters) {
    this.pathParameters = pathParameters;
  }

  /** The request context. */
  public RequestContext getRequestContext() {
    return requestContext;
  }

  /** Sets {@link #getRequestContext()}. */
  public void setRequestContext(RequestContext requestContext) {
    this.requestContext = requestContext;
  }

  /** The parts of {@code requestContext} the gate reads. */
  public static final class RequestContext {
    private String path;
    private String stage;

    /** The path as the client sent it (with the stage on the default endpoint). */
    public String getPath() {
      return path;
    }

    /** Sets {@link #getPath()}. */
    public void setPath(String path) {
      this.path = path;
    }

    /** The stage name. */
    public String getStage() {
      return stage;
    }

    /** Sets {@link #getStage()}. */
    public void setStage(String stage) {
      this.stage = stage;
    }
  }
}
