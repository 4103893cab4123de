package dev.floe.catalog.management.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The error answer, as the Iceberg REST API's {@code ErrorResponse} (every error of the server has
 * this shape; the one exception mapper writes it). For the OpenAPI document only.
 */
@Schema(name = "ErrorResponse", description = "An error: the message names the input at fault")
public record ErrorResponseModel(@Schema(required = true) Error error) {
  /** The error itself. */
  @Schema(name = "ErrorModel")
  public record Error(
      @Schema(required = true, description = "What went wrong, naming the input at fault") String message,
      @Schema(required = true, description = "The error type, e.g. BadRequestException, NotFoundException") String type,
      @Schema(required = true, description = "The HTTP status") int code) {}
}
