package dev.floe.catalog.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.json.FloeJson;
import dev.floe.catalog.metrics.OperatorMetrics;
import dev.floe.audit.AuditSink;
import dev.floe.catalog.access.PrincipalDirectory;
import dev.floe.catalog.access.PrincipalEntry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.exceptions.NotAuthorizedException;

/**
 * The OAuth2 token endpoint Iceberg clients use ({@code credential=<client-id>:<secret>}): client
 * credentials, and token exchange of a still-valid Floe token for a fresh one (how clients
 * refresh). Errors follow RFC 6749: 400 {@code invalid_request}, {@code unsupported_grant_type},
 * {@code invalid_scope}; 401 {@code invalid_client}. A request that is not a form (JSON, say) is
 * an {@code invalid_request} too.
 */
@Unauthenticated
@Path("/api/catalog/v1/oauth/tokens")
public class TokenResource {
  static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
  private static final ObjectMapper JSON = FloeJson.mapper();

  private final PrincipalDirectory directory;
  private final TokenIssuer issuer;
  private final Authenticator authenticator;
  private final AuditSink audit;
  private final OperatorMetrics metrics;

  @Inject
  public TokenResource(
      PrincipalDirectory directory, TokenIssuer issuer, Authenticator authenticator, AuditSink audit, OperatorMetrics metrics) {
    this.metrics = metrics;
    this.directory = directory;
    this.issuer = issuer;
    this.authenticator = authenticator;
    this.audit = audit;
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response token(
      MultivaluedMap<String, String> form,
      @Context HttpHeaders headers,
      @Context HttpServerRequest request) {
    String clientAddress = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
    String grantType = single(form, "grant_type");
    if (grantType == null) {
      return error(400, "invalid_request", "grant_type is required");
    }
    return switch (grantType) {
      case "client_credentials" -> clientCredentials(form, headers, clientAddress);
      case TOKEN_EXCHANGE -> exchange(form, clientAddress);
      default ->
          error(400, "unsupported_grant_type", "Unsupported grant_type: " + grantType + " (supported: client_credentials, " + TOKEN_EXCHANGE + ")");
    };
  }

  /**
   * Any other content type (JSON, none, ...): RFC 6749 (section 4.4.2, appendix B) asks for a form,
   * and the answer is its {@code invalid_request} error rather than a bare 415.
   */
  @POST
  @Consumes(MediaType.WILDCARD)
  public Response notForm(@Context HttpHeaders headers) {
    String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
    return error(
        400,
        "invalid_request",
        "The token request must be sent as " + MediaType.APPLICATION_FORM_URLENCODED + " (RFC 6749), not "
            + (type == null || type.isBlank() ? "without a Content-Type" : type));
  }

  private Response clientCredentials(MultivaluedMap<String, String> form, HttpHeaders headers, String clientAddress) {
    String clientId = single(form, "client_id");
    String secret = single(form, "client_secret");
    String basic = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (clientId == null && basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return error(400, "invalid_request", "Malformed Basic authorization header");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return error(400, "invalid_request", "Malformed Basic authorization header");
      }
      clientId = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
    }
    if (clientId == null || clientId.isEmpty() || secret == null || secret.isEmpty()) {
      return error(400, "invalid_request", "client_id and client_secret are required");
    }
    Optional<PrincipalEntry> principal = directory.authenticateClient(clientId, secret);
    if (principal.isEmpty() || principal.get().disabled()) {
      record(null, clientAddress, "FAILURE", principal.isEmpty() ? "Unknown client id or wrong secret" : "Principal is disabled", Map.of("client_id", clientId));
      return error(401, "invalid_client", "Invalid client credentials");
    }
    String scope = Optional.ofNullable(single(form, "scope")).filter(value -> !value.isBlank()).orElse(TokenIssuer.ALL_ROLES);
    for (String role : TokenIssuer.requestedRoles(scope)) {
      if (!principal.get().principalRoles().contains(role)) {
        record(principal.get().name(), clientAddress, "FAILURE", "Scope asks for a principal role the principal does not have: " + role, Map.of());
        return error(400, "invalid_scope", "Principal " + principal.get().name() + " does not have principal role " + role);
      }
    }
    record(principal.get().name(), clientAddress, "SUCCESS", "client credentials", Map.of("client_id", clientId));
    return issued(principal.get(), scope);
  }

  private Response exchange(MultivaluedMap<String, String> form, String clientAddress) {
    String subjectToken = single(form, "subject_token");
    if (subjectToken == null || subjectToken.isEmpty()) {
      return error(400, "invalid_request", "subject_token is required for token exchange");
    }
    String type = single(form, "subject_token_type");
    if (type != null && !type.equals(ACCESS_TOKEN_TYPE) && !type.equals("urn:ietf:params:oauth:token-type:jwt")) {
      return error(400, "invalid_request", "Unsupported subject_token_type: " + type);
    }
    Caller caller;
    Optional<PrincipalEntry> principal;
    try {
      Authenticator.Authenticated authenticated = authenticator.authenticateForExchange(subjectToken, clientAddress);
      caller = authenticated.caller();
      principal = authenticated.floePrincipal();
    } catch (NotAuthorizedException e) {
      record(null, clientAddress, "FAILURE", "token exchange: " + e.getMessage(), Map.of());
      return error(401, "invalid_client", e.getMessage());
    }
    if (!caller.issuer().equals(issuer.issuer()) || principal.isEmpty()) {
      return error(400, "invalid_request", "Only Floe's own tokens can be exchanged");
    }
    String scope =
        Optional.ofNullable(single(form, "scope")).filter(value -> !value.isBlank()).orElse(TokenIssuer.ALL_ROLES);
    List<String> asked = TokenIssuer.requestedRoles(scope);
    for (String role : asked) {
      if (!caller.context().principalRoles().contains(role)) {
        return error(400, "invalid_scope", "Token does not carry principal role " + role);
      }
    }
    if (asked.isEmpty()) {
      // keep the narrowing of the token being exchanged
      scope =
          caller.context().principalRoles().isEmpty()
              ? TokenIssuer.ALL_ROLES
              : String.join(" ", caller.context().principalRoles().stream().sorted().map(role -> "PRINCIPAL_ROLE:" + role).toList());
    }
    record(caller.name(), clientAddress, "SUCCESS", "token exchange", Map.of());
    // the principal the subject token was checked against: its id and current credentials
    return issued(principal.get(), scope);
  }

  private Response issued(PrincipalEntry principal, String scope) {
    TokenIssuer.Issued token = issuer.issue(principal, scope);
    metrics.token(200, null);
    ObjectNode body = JSON.createObjectNode();
    body.put("access_token", token.token());
    body.put("token_type", "bearer");
    body.put("expires_in", token.expiresInSeconds());
    body.put("issued_token_type", ACCESS_TOKEN_TYPE);
    body.put("scope", scope);
    return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE)
        .header("Cache-Control", "no-store")
        .header("Pragma", "no-cache")
        .build();
  }

  private Response error(int status, String error, String description) {
    metrics.token(status, error);
    ObjectNode body = JSON.createObjectNode();
    body.put("error", error);
    body.put("error_description", description);
    Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString());
    if (status == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"floe\"");
    }
    return response.build();
  }

  private void record(String principal, String clientAddress, String outcome, String reason, Map<String, String> details) {
    audit.record(AuthenticationEvents.of(principal, outcome, reason, clientAddress, details));
  }

  private static String single(MultivaluedMap<String, String> form, String name) {
    List<String> values = form.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    return values.get(0);
  }
}
