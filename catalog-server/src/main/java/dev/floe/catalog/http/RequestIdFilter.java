package dev.floe.catalog.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Gives every request an id (the caller's {@code X-Request-Id} when sane), logged and echoed. */
public class RequestIdFilter {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @ServerRequestFilter(preMatching = true)
  public void assignRequestId(ContainerRequestContext request) {
    String id = request.getHeaderString(RequestIds.HEADER);
    if (id == null || !SAFE_ID.matcher(id).matches()) {
      id = UUID.randomUUID().toString();
    }
    request.setProperty(RequestIds.MDC_KEY, id);
    MDC.put(RequestIds.MDC_KEY, id);
  }

  @ServerResponseFilter
  public void echoRequestId(ContainerRequestContext request, ContainerResponseContext response) {
    Object id = request.getProperty(RequestIds.MDC_KEY);
    if (id != null) {
      response.getHeaders().putSingle(RequestIds.HEADER, id.toString());
    }
    MDC.remove(RequestIds.MDC_KEY);
  }
}
