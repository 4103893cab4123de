package dev.floe.catalog.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * {@code OPTIONS} answers with the methods the path has: Quarkus REST's automatic answer lists
 * every method of the resource class (so {@code OPTIONS /api/management/v1/catalogs} named DELETE
 * and PATCH, which only {@code /catalogs/{catalog}} has). The same {@link AllowedMethods} as the
 * {@code Allow} header of a 405.
 */
@Provider
public class AllowHeaderFilter implements ContainerResponseFilter {
  private final AllowedMethods allowedMethods;

  @Inject
  public AllowHeaderFilter(AllowedMethods allowedMethods) {
    this.allowedMethods = allowedMethods;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!HttpMethod.OPTIONS.equals(request.getMethod()) || !response.getHeaders().containsKey(HttpHeaders.ALLOW)) {
      return;
    }
    Set<String> allowed = allowedMethods.of(request.getUriInfo().getPath());
    if (!allowed.isEmpty()) {
      response.getHeaders().putSingle(HttpHeaders.ALLOW, String.join(", ", allowed));
    }
  }
}
