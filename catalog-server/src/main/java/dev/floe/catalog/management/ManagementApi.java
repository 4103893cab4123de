package dev.floe.catalog.management;

import dev.floe.catalog.management.api.ErrorResponseModel;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI definition of the management API ({@code /q/openapi}): the bearer scheme every
 * resource requires and the error answers operations refer to ({@code ref = "BadRequest"}, ...),
 * all with the Iceberg {@code ErrorResponse} body the one exception mapper writes. An {@link
 * Application} only because that is where the OpenAPI scanner reads {@code @OpenAPIDefinition}:
 * without {@code @ApplicationPath} and with no classes of its own it changes no path and hides no
 * resource or provider.
 */
@OpenAPIDefinition(
    info = @Info(title = "Floe management API", version = "v1"),
    components =
        @Components(
            responses = {
              @APIResponse(
                  name = ManagementApi.BAD_REQUEST,
                  responseCode = "400",
                  description = "The request is malformed; the message names the input at fault",
                  content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponseModel.class))),
              @APIResponse(
                  name = ManagementApi.UNAUTHORIZED,
                  responseCode = "401",
                  description = "No valid bearer token",
                  content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponseModel.class))),
              @APIResponse(
                  name = ManagementApi.FORBIDDEN,
                  responseCode = "403",
                  description = "The caller lacks the privilege the operation needs",
                  content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponseModel.class))),
              @APIResponse(
                  name = ManagementApi.NOT_FOUND,
                  responseCode = "404",
                  description = "Something the request names does not exist",
                  content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponseModel.class))),
              @APIResponse(
                  name = ManagementApi.CONFLICT,
                  responseCode = "409",
                  description = "It exists already, or is not empty",
                  content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponseModel.class))),
              @APIResponse(
                  name = ManagementApi.PAYLOAD_TOO_LARGE,
                  responseCode = "413",
                  description = "The body is longer than the server accepts",
                  content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponseModel.class))),
              @APIResponse(
                  name = ManagementApi.UNSUPPORTED_MEDIA_TYPE,
                  responseCode = "415",
                  description = "The body is not application/json",
                  content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponseModel.class)))
            },
            securitySchemes =
                @SecurityScheme(
                    securitySchemeName = ManagementApi.BEARER,
                    type = SecuritySchemeType.HTTP,
                    scheme = "bearer",
                    bearerFormat = "JWT",
                    description = "An access token from POST /api/catalog/v1/oauth/tokens (client credentials) or the identity provider")))
public class ManagementApi extends Application {
  /** The security scheme every management resource requires. */
  public static final String BEARER = "bearer";

  public static final String BAD_REQUEST = "BadRequest";
  public static final String UNAUTHORIZED = "Unauthorized";
  public static final String FORBIDDEN = "Forbidden";
  public static final String NOT_FOUND = "NotFound";
  public static final String CONFLICT = "Conflict";
  public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
  public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";

}
