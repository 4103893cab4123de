package dev.floe.catalog.http;

import dev.floe.catalog.http.IcebergErrors;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.types.Types;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class TestIcebergErrors {
  @Test
  void clientErrorsAreFourHundreds() {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(IcebergErrors.status(new NoSuchNamespaceException("x"))).isEqualTo(404);
    soft.assertThat(IcebergErrors.status(new NoSuchTableException("x"))).isEqualTo(404);
    soft.assertThat(IcebergErrors.status(new NoSuchWarehouseException("x"))).isEqualTo(404);
    soft.assertThat(IcebergErrors.status(new AlreadyExistsException("x"))).isEqualTo(409);
    soft.assertThat(IcebergErrors.status(new CommitFailedException("x"))).isEqualTo(409);
    soft.assertThat(IcebergErrors.status(new NamespaceNotEmptyException("x"))).isEqualTo(409);
    soft.assertThat(IcebergErrors.status(new BadRequestException("x"))).isEqualTo(400);
    soft.assertThat(IcebergErrors.status(new IllegalArgumentException("x"))).isEqualTo(400);
    soft.assertThat(IcebergErrors.status(new ValidationException("x"))).isEqualTo(400);
    soft.assertThat(IcebergErrors.status(new dev.floe.policy.contracts.ContractValidationException("x"))).isEqualTo(400);
    soft.assertAll();
  }

  @Test
  void aSchemaContractViolationIsACommitConflict() {
    ErrorResponse response =
        IcebergErrors.response(new dev.floe.policy.contracts.SchemaContractViolationException("rule 'required-columns' on column 'id'", java.util.List.of()));
    assertThat(response.code()).isEqualTo(409);
    assertThat(response.type()).isEqualTo("CommitFailedException");
    assertThat(response.message()).isEqualTo("rule 'required-columns' on column 'id'");
  }

  @Test
  void anUnreachableStoreIsServiceUnavailable() {
    var refused =
        software.amazon.awssdk.core.exception.SdkClientException.create(
            "Unable to execute HTTP request: Connect to 127.0.0.1:9 failed: Connection refused",
            new java.net.ConnectException("Connection refused"));
    ErrorResponse direct = IcebergErrors.response(refused);
    assertThat(direct.code()).isEqualTo(503);
    assertThat(direct.type()).isEqualTo("ServiceUnavailableException");
    assertThat(direct.message()).contains("Object storage unavailable").contains("127.0.0.1:9");
    // wrapped, as Iceberg's streams and FileIO wrap it
    ErrorResponse wrapped =
        IcebergErrors.response(new java.io.UncheckedIOException(new java.io.IOException("write failed", refused)));
    assertThat(wrapped.code()).isEqualTo(503);
    assertThat(IcebergErrors.status(new org.apache.iceberg.exceptions.RuntimeIOException(new java.net.ConnectException("x"))))
        .isEqualTo(503);
    // a commit whose outcome is unknown stays what it is
    assertThat(IcebergErrors.status(new CommitStateUnknownException(refused))).isEqualTo(500);
  }

  @Test
  void serverFaultsDoNotLeakInternals() {
    ErrorResponse response = IcebergErrors.response(new IllegalStateException("secret detail"));
    assertThat(response.code()).isEqualTo(500);
    assertThat(response.message()).doesNotContain("secret detail").contains("request id");
  }

  /**
   * Iceberg's check that a schema fits the table's format version (raised when table metadata is
   * built, as an IllegalStateException) is the client's fault: 400 with Iceberg's message. Other
   * IllegalStateExceptions stay server faults.
   */
  @Test
  void aSchemaTheFormatVersionCannotHoldIsABadRequest() {
    Schema schema =
        new Schema(
            Types.NestedField.optional(1, "id", Types.IntegerType.get()),
            Types.NestedField.optional(2, "v", Types.VariantType.get()));
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                TableMetadata.newTableMetadata(
                    schema, PartitionSpec.unpartitioned(), "file:///tmp/t", Map.of("format-version", "2")));
    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    ErrorResponse response = IcebergErrors.response(thrown);
    assertThat(response.code()).isEqualTo(400);
    assertThat(response.type()).isEqualTo("BadRequestException");
    assertThat(response.message()).isEqualTo(thrown.getMessage()).contains("variant is not supported until v3");

    ErrorResponse unrelated = IcebergErrors.response(new IllegalStateException("Invalid schema for v2: made up"));
    assertThat(unrelated.code()).isEqualTo(500);
  }

  @Test
  void unknownCommitStateIsReportedAsSuch() {
    ErrorResponse response =
        IcebergErrors.response(new CommitStateUnknownException(new RuntimeException("db gone")));
    assertThat(response.code()).isEqualTo(500);
    assertThat(response.type()).isEqualTo("CommitStateUnknownException");
  }

  @Test
  void messagesNameTheInput() {
    ErrorResponse response = IcebergErrors.response(new NoSuchTableException("Table does not exist: %s", "ns.t"));
    assertThat(response.type()).isEqualTo("NoSuchTableException");
    assertThat(response.message()).isEqualTo("Table does not exist: ns.t");
  }

  @Test
  void anActionThatCannotBeAuditedIsServiceUnavailable() {
    ErrorResponse response =
        IcebergErrors.response(new dev.floe.audit.AuditUnavailableException("Audit queue full for 30000 ms; event x not recorded"));
    assertThat(response.code()).isEqualTo(503);
    assertThat(response.message()).doesNotContain("queue full").contains("request id");
  }
}
