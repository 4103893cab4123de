package dev.floe.catalog.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.jboss.logging.Logger;

/** The one exception mapper: every exception becomes an Iceberg {@code ErrorResponse}. */
@Provider
public class IcebergExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(IcebergExceptionMapper.class);

  @Override
  public Response toResponse(Throwable error) {
    return toResponse(IcebergErrors.response(log(error)));
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
