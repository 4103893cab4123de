package dev.floe.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Checkpoints as lines of JSON, the form they take outside the database (the server's checkpoint
 * file and log lines): {@code {"sequence":…,"hash":"<hex>","signed-at":"<ISO-8601>",
 * "key-id":"…","signature":"<base64>"}}.
 */
public final class CheckpointLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointLog() {}

  /** One line, without the line break. */
  public static String line(Checkpoint checkpoint) {
    ObjectNode node = JSON.createObjectNode();
    node.put("sequence", checkpoint.sequence());
    node.put("hash", HexFormat.of().formatHex(checkpoint.hash()));
    node.put("signed-at", checkpoint.signedAt().toString());
    node.put("key-id", checkpoint.keyId());
    node.put("signature", Base64.getEncoder().encodeToString(checkpoint.signature()));
    return node.toString();
  }

  /** The checkpoint of one line. */
  public static Checkpoint parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return new Checkpoint(
          node.get("sequence").asLong(),
          HexFormat.of().parseHex(node.get("hash").asText()),
          Instant.parse(node.get("signed-at").asText()),
          node.get("key-id").asText(),
          Base64.getDecoder().decode(node.get("signature").asText()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a checkpoint line: " + line, e);
    }
  }

  /** Every checkpoint of a file of lines (blank lines skipped). */
  public static List<Checkpoint> read(Path file) throws IOException {
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        checkpoints.add(parse(line.strip()));
      }
    }
    return checkpoints;
  }
}
