package dev.floe.catalog.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.jboss.logging.Logger;

/**
 * The one exception mapper: every exception becomes an Iceberg {@code ErrorResponse}. A method the
 * path does not have is a 405 with the {@code Allow} header and the allowed methods in the message.
 */
@Provider
public class IcebergExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(IcebergExceptionMapper.class);

  private final AllowedMethods allowedMethods;
  private final ContainerRequestContext request;

  @Inject
  public IcebergExceptionMapper(AllowedMethods allowedMethods, ContainerRequestContext request) {
    this.allowedMethods = allowedMethods;
    this.request = request;
  }

  @Override
  public Response toResponse(Throwable error) {
    if (error instanceof NotAllowedException) {
      return notAllowed();
    }
    return toResponse(IcebergErrors.response(log(error)));
  }

  private Response notAllowed() {
    String path = request.getUriInfo().getPath();
    Set<String> allowed = allowedMethods.of(path);
    ErrorResponse error =
        ErrorResponse.builder()
            .responseCode(405)
            .withType("MethodNotAllowed")
            .withMessage(
                "Method " + request.getMethod() + " is not allowed on " + path + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed)))
            .build();
    LOG.debugf("Request failed with 405: %s", error.message());
    Response.ResponseBuilder response = Response.status(405).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorResponseParser.toJson(error));
    if (!allowed.isEmpty()) {
      response.header(HttpHeaders.ALLOW, String.join(", ", allowed));
    }
    return response.build();
  }

  public static Throwable log(Throwable error) {
    int status = IcebergErrors.status(error);
    if (status >= 500) {
      LOG.errorf(error, "Request failed with %d", status);
    } else {
      LOG.debugf("Request failed with %d: %s", status, error.getMessage());
    }
    return error;
  }

  public static Response toResponse(ErrorResponse error) {
    return Response.status(error.code())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(ErrorResponseParser.toJson(error))
        .build();
  }
}
