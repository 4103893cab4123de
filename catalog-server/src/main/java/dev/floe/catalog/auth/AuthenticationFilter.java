package dev.floe.catalog.auth;

import dev.floe.audit.AuditSink;
import dev.floe.catalog.http.IcebergErrors;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Authenticates every API request before its resource method runs: a bearer token is required
 * (except on {@link Unauthenticated} resources); the caller it stands for is put in {@link
 * CurrentCaller}. A failure answers 401 with {@code WWW-Authenticate: Bearer} and is recorded as
 * an audit event.
 */
public class AuthenticationFilter {
  /** The OpenLineage intake, where client credentials may stand in for a token ({@link ClientCredentialKeys}). */
  private static final java.util.Set<String> LINEAGE_INTAKE = java.util.Set.of("/api/lineage/v1/lineage", "/api/v1/lineage");

  private final Authenticator authenticator;
  private final ClientCredentialKeys clientCredentialKeys;
  private final CurrentCaller currentCaller;
  private final AuditSink audit;

  @Inject
  public AuthenticationFilter(
      Authenticator authenticator, ClientCredentialKeys clientCredentialKeys, CurrentCaller currentCaller, AuditSink audit) {
    this.authenticator = authenticator;
    this.clientCredentialKeys = clientCredentialKeys;
    this.currentCaller = currentCaller;
    this.audit = audit;
  }

  @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
  public Optional<Response> authenticate(
      ContainerRequestContext context, SimpleResourceInfo resource, HttpServerRequest request) {
    if (resource.getResourceClass() != null && resource.getResourceClass().isAnnotationPresent(Unauthenticated.class)) {
      return Optional.empty();
    }
    String clientAddress = clientAddress(request);
    String header = context.getHeaderString(HttpHeaders.AUTHORIZATION);
    try {
      if (header == null || header.isBlank()) {
        throw new NotAuthorizedException("Authentication required: send an access token as 'Authorization: Bearer <token>'");
      }
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
        throw new NotAuthorizedException("Authentication required: the Authorization header must be 'Bearer <token>'");
      }
      String bearer = header.substring(7).trim();
      if (ClientCredentialKeys.isClientCredential(bearer) && isLineageIntake(context.getUriInfo().getPath())) {
        currentCaller.set(clientCredentialKeys.authenticate(bearer, clientAddress));
      } else {
        currentCaller.set(authenticator.authenticate(bearer, clientAddress));
      }
      return Optional.empty();
    } catch (NotAuthorizedException e) {
      audit.record(
          AuthenticationEvents.of(
              null, "FAILURE", e.getMessage(), clientAddress, Map.of("method", context.getMethod(), "path", context.getUriInfo().getPath())));
      return Optional.of(unauthorized(e));
    }
  }

  private static boolean isLineageIntake(String path) {
    return LINEAGE_INTAKE.contains(path.startsWith("/") ? path : "/" + path);
  }

  static Response unauthorized(NotAuthorizedException e) {
    return Response.status(401)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"floe\"")
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ErrorResponseParser.toJson(IcebergErrors.response(e)))
        .build();
  }

  private static String clientAddress(HttpServerRequest request) {
    SocketAddress address = request == null ? null : request.remoteAddress();
    return address == null ? "" : address.hostAddress();
  }
}
