package dev.floe.catalog.http;

import static java.util.Objects.requireNonNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP methods a path answers, for the {@code Allow} header and the message of a 405: Quarkus
 * REST refuses a method a path does not have with a bare {@code NotAllowedException} that names
 * none. Built once from the {@code @Path} and HTTP method annotations of the resource classes (the
 * CDI beans with {@code @Path}).
 */
@ApplicationScoped
public class AllowedMethods {
  private static final Pattern PARAMETER = Pattern.compile("\\{\\s*([\\w.-]+)\\s*(?::\\s*((?:[^{}]|\\{[^{}]*\\})+))?\\s*}");

  /** One resource method: the pattern of its full path and its HTTP method. */
  record Route(Pattern path, String method) {
    Route {
      requireNonNull(path, "path is null");
      requireNonNull(method, "method is null");
    }
  }

  private final BeanManager beanManager;
  private volatile List<Route> routes;

  @Inject
  public AllowedMethods(BeanManager beanManager) {
    this.beanManager = beanManager;
  }

  /** With the given resource classes (tests). */
  AllowedMethods(List<Class<?>> resourceClasses) {
    this.beanManager = null;
    this.routes = routes(resourceClasses);
  }

  /** The methods {@code path} answers, sorted; with HEAD where there is GET, and OPTIONS; empty for an unknown path. */
  public Set<String> of(String path) {
    String normalized = "/" + stripSlashes(path);
    Set<String> methods = new TreeSet<>();
    for (Route route : routes()) {
      if (route.path().matcher(normalized).matches()) {
        methods.add(route.method());
      }
    }
    if (methods.isEmpty()) {
      return methods;
    }
    if (methods.contains(HttpMethod.GET)) {
      methods.add(HttpMethod.HEAD);
    }
    methods.add(HttpMethod.OPTIONS);
    return methods;
  }

  private List<Route> routes() {
    List<Route> current = routes;
    if (current == null) {
      List<Class<?>> classes = new ArrayList<>();
      for (Bean<?> bean : beanManager.getBeans(Object.class, Any.Literal.INSTANCE)) {
        if (bean.getBeanClass().isAnnotationPresent(Path.class)) {
          classes.add(bean.getBeanClass());
        }
      }
      current = routes(classes);
      routes = current;
    }
    return current;
  }

  static List<Route> routes(List<Class<?>> resourceClasses) {
    List<Route> routes = new ArrayList<>();
    for (Class<?> resource : resourceClasses) {
      String base = resource.getAnnotation(Path.class).value();
      for (Method method : resource.getMethods()) {
        String httpMethod = httpMethod(method);
        if (httpMethod == null) {
          continue;
        }
        Path path = method.getAnnotation(Path.class);
        String template = "/" + stripSlashes(base) + (path == null ? "" : "/" + stripSlashes(path.value()));
        routes.add(new Route(pattern("/" + stripSlashes(template)), httpMethod));
      }
    }
    return List.copyOf(routes);
  }

  private static String httpMethod(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (httpMethod != null) {
        return httpMethod.value();
      }
    }
    return null;
  }

  /** A path template as a pattern: {name} is one segment, {name: regex} its regular expression. */
  static Pattern pattern(String template) {
    StringBuilder regex = new StringBuilder();
    Matcher parameter = PARAMETER.matcher(template);
    int last = 0;
    while (parameter.find()) {
      regex.append(Pattern.quote(template.substring(last, parameter.start())));
      regex.append('(').append(parameter.group(2) == null ? "[^/]+" : parameter.group(2).trim()).append(')');
      last = parameter.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return Pattern.compile(regex.toString().replace("\\Q\\E", "") + "/?");
  }

  private static String stripSlashes(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }
}
