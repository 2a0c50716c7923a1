package dev.tollgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Runs after {@code mvn package} (failsafe, {@code verify}): every function's {@code CodeUri}
 * is a jar the build made, and its {@code Handler} class is in that jar (loaded from the jar
 * alone, as Lambda does) with a public no-arg constructor and a public handler method Lambda
 * can call: {@code (event, Context)} or {@code (InputStream, OutputStream, Context)}.
 */
class TemplateCodeIT {
  private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
  private static final long AUTHORIZER_JAR_LIMIT = 10L * 1024 * 1024;

  @Test
  void everyCodeUriIsABuiltJarHoldingItsHandler() throws Exception {
    SamTemplate t = SamTemplate.load();
    Map<String, Map<String, Object>> functions = t.ofType("AWS::Serverless::Function");
    assertThat(functions).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (String fn : functions.keySet()) {
      String codeUri = String.valueOf(t.functionProperty(fn, "CodeUri"));
      String handler = String.valueOf(t.functionProperty(fn, "Handler"));
      String problem = check(Repo.root().resolve(codeUri), handler);
      if (problem != null) {
        problems.add(fn + " (" + codeUri + ", " + handler + "): " + problem);
      }
    }
    assertThat(problems).as("functions whose code does not match template.yaml").isEmpty();
  }

  @Test
  void theAuthorizerJarIsSmallAndCarriesNoStripeOrResend() throws Exception {
    SamTemplate t = SamTemplate.load();
    Path jar = Repo.root().resolve(String.valueOf(t.functionProperty("AuthorizerFunction", "CodeUri")));
    assertThat(jar).isRegularFile();
    assertThat(Files.size(jar)).as("authorizer.jar size").isLessThan(AUTHORIZER_JAR_LIMIT);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      assertThat(zip.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("com/stripe/") || n.startsWith("com/resend/"));
    }
  }

  /** Why {@code handler} cannot run from {@code jar}, or null when it can. */
  static String check(Path jar, String handler) throws Exception {
    if (!Files.isRegularFile(jar)) {
      return "no such file (run mvn package; CodeUri must be what the module's finalName builds)";
    }
    int sep = handler.indexOf("::");
    String className = sep < 0 ? handler : handler.substring(0, sep);
    String methodName = sep < 0 ? "handleRequest" : handler.substring(sep + 2);
    // Parent = platform loader: the jar must carry everything itself, as on Lambda.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> c;
      try {
        c = Class.forName(className, false, loader);
      } catch (ClassNotFoundException e) {
        return "class " + className + " is not in the jar";
      }
      if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
        return "class is not public and concrete";
      }
      try {
        if (!Modifier.isPublic(c.getConstructor().getModifiers())) {
          return "no public no-arg constructor";
        }
      } catch (NoSuchMethodException e) {
        return "no public no-arg constructor";
      }
      for (Method m : c.getMethods()) {
        if (m.getName().equals(methodName) && !m.isBridge() && callable(m.getParameterTypes())) {
          return null;
        }
      }
      return "no public " + methodName + "(event, Context) or (InputStream, OutputStream, Context)";
    } catch (LinkageError e) {
      return "handler does not link from the jar alone: " + e;
    }
  }

  private static boolean callable(Class<?>[] p) {
    boolean lastIsContext = p.length > 0 && p[p.length - 1].getName().equals(CONTEXT);
    return p.length == 2 && lastIsContext
        || p.length == 3 && lastIsContext && p[0] == InputStream.class && p[1] == OutputStream.class;
  }
}
