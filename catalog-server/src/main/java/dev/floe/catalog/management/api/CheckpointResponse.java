package dev.floe.catalog.management.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.floe.audit.chain.Checkpoint;
import java.util.Base64;
import java.util.HexFormat;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A signed checkpoint of the audit chain. */
@Schema(name = "AuditCheckpoint")
public record CheckpointResponse(
    @Schema(required = true) long sequence,
    @Schema(required = true, description = "The record's hash, hex") String hash,
    @Schema(required = true) @JsonProperty("signed-at") String signedAt,
    @Schema(required = true) @JsonProperty("key-id") String keyId,
    @Schema(required = true, description = "Ed25519 signature, base64") String signature) {
  public static CheckpointResponse of(Checkpoint checkpoint) {
    return new CheckpointResponse(
        checkpoint.sequence(),
        HexFormat.of().formatHex(checkpoint.hash()),
        checkpoint.signedAt().toString(),
        checkpoint.keyId(),
        Base64.getEncoder().encodeToString(checkpoint.signature()));
  }
}
