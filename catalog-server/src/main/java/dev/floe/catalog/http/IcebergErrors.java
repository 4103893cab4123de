package dev.floe.catalog.http;

import dev.floe.catalog.metastore.CatalogNotEmptyException;

import dev.floe.audit.AuditUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import dev.floe.policy.contracts.ContractValidationException;
import dev.floe.policy.contracts.SchemaContractViolationException;
import dev.floe.policy.governance.PolicyValidationException;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;

/** Exceptions as Iceberg REST error responses: the HTTP status and the error type. */
public final class IcebergErrors {
  private IcebergErrors() {}

  /**
   * The storage failure behind {@code error}, if any: the object store could not be reached
   * (the AWS SDK's client-side failure: connection refused, timeout, unknown host), anywhere in
   * the cause chain, as Iceberg's {@code S3FileIO} and streams wrap it.
   */
  static java.util.Optional<Throwable> storageUnavailable(Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (current instanceof software.amazon.awssdk.core.exception.SdkClientException
          || current instanceof java.net.ConnectException
          || current instanceof java.net.UnknownHostException) {
        return java.util.Optional.of(current);
      }
      current = current.getCause();
    }
    return java.util.Optional.empty();
  }

  /**
   * Iceberg's refusal of a schema the table's format version cannot hold ({@code unknown} or
   * {@code variant} columns before v3, …): {@code Schema.checkCompatibility} (Iceberg 1.11) throws
   * it as an {@code IllegalStateException} when table metadata is built, from a create (staged or
   * not), a commit or a transaction. It is the client's schema at fault; any other {@code
   * IllegalStateException} stays a fault of ours.
   */
  static java.util.Optional<IllegalStateException> invalidSchema(Throwable error) {
    if (error instanceof IllegalStateException state) {
      StackTraceElement[] stack = state.getStackTrace();
      if (stack.length > 0
          && stack[0].getClassName().equals("org.apache.iceberg.Schema")
          && stack[0].getMethodName().equals("checkCompatibility")) {
        return java.util.Optional.of(state);
      }
    }
    return java.util.Optional.empty();
  }

  /** The HTTP status of an error; 500 only for what is not a client's doing. */
  public static int status(Throwable error) {
    if (!(error instanceof CommitStateUnknownException) && storageUnavailable(error).isPresent()) {
      // the store is down or unreachable: the client may retry later
      return 503;
    } else if (error instanceof NoSuchNamespaceException
        || error instanceof NoSuchTableException
        || error instanceof NoSuchViewException
        || error instanceof NotFoundException) {
      return 404;
    } else if (error instanceof AlreadyExistsException
        || error instanceof CommitFailedException
        || error instanceof SchemaContractViolationException
        || error instanceof NamespaceNotEmptyException
        || error instanceof CatalogNotEmptyException) {
      return 409;
    } else if (error instanceof BadRequestException
        || error instanceof PolicyValidationException
        || error instanceof ContractValidationException
        || error instanceof IllegalArgumentException
        || error instanceof ValidationException
        || invalidSchema(error).isPresent()) {
      return 400;
    } else if (error instanceof NotAuthorizedException) {
      return 401;
    } else if (error instanceof ForbiddenException) {
      return 403;
    } else if (error instanceof UnsupportedOperationException) {
      return 406;
    } else if (error instanceof ServiceUnavailableException
        || error instanceof AuditUnavailableException) {
      // an action that cannot be audited does not happen
      return 503;
    } else if (error instanceof WebApplicationException web) {
      return web.getResponse().getStatus();
    } else if (error instanceof CommitStateUnknownException) {
      return 500;
    }
    return 500;
  }

  public static ErrorResponse response(Throwable error) {
    int status = status(error);
    String message;
    String type;
    java.util.Optional<Throwable> storage =
        error instanceof CommitStateUnknownException ? java.util.Optional.empty() : storageUnavailable(error);
    if (storage.isPresent()) {
      type = "ServiceUnavailableException";
      message = "Object storage unavailable, try again later: " + storage.get().getMessage();
    } else if (status == 500 && !(error instanceof CommitStateUnknownException)) {
      // never leak internals: the log has the details under the request id
      type = "InternalServerError";
      message = "Internal server error; see the server log for request id " + RequestIds.current();
    } else if (error instanceof AuditUnavailableException) {
      // the details (queue, failures) are for the log
      type = "ServiceUnavailableException";
      message = "Audit trail unavailable, the request was not carried out; see the server log for request id " + RequestIds.current();
    } else if (invalidSchema(error).isPresent()) {
      // Iceberg's message names the column, its type and the format version it needs
      type = BadRequestException.class.getSimpleName();
      message = error.getMessage();
    } else if (error instanceof SchemaContractViolationException) {
      // a conflict with the table's contracts: Iceberg clients raise CommitFailedException for it
      type = CommitFailedException.class.getSimpleName();
      message = error.getMessage();
    } else if (error instanceof WebApplicationException web) {
      type = web.getResponse().getStatusInfo().getReasonPhrase().replace(" ", "");
      message = error.getMessage();
    } else {
      type = error.getClass().getSimpleName();
      message = error.getMessage();
    }
    return ErrorResponse.builder()
        .responseCode(status)
        .withType(type)
        .withMessage(message == null ? type : message)
        .build();
  }
}
