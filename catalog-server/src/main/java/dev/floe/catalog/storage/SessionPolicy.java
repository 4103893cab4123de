package dev.floe.catalog.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.catalog.json.FloeJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.exceptions.BadRequestException;

/**
 * The inline session policy of vended credentials: S3 access to the objects under a table's
 * locations only (each {@code s3://bucket/prefix} as {@code arn:aws:s3:::bucket/prefix/*}), and
 * listing only under them; writes only when the caller may write. Generated as JSON with Jackson.
 *
 * <p>IAM reads {@code *} and {@code ?} in resources and {@code StringLike} values as wildcards and
 * {@code ${...}} as policy variables, and S3-compatible stores (MinIO) do not all support IAM's
 * escapes ({@code ${*}}, {@code ${?}}, {@code ${$}}). A location with any of {@code * ? $ { }} is
 * therefore refused rather than escaped: no character of a location can widen the policy.
 */
public final class SessionPolicy {
  private static final ObjectMapper JSON = FloeJson.mapper();
  /** Characters a policy would read as something other than themselves. */
  private static final String SPECIAL = "*?${}";

  static final List<String> READ_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion");
  static final List<String> WRITE_ACTIONS =
      List.of("s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
  static final List<String> LIST_ACTIONS = List.of("s3:ListBucket");

  private SessionPolicy() {}

  /**
   * The policy JSON for the table whose locations are {@code roots} (normalized {@code
   * s3://bucket/prefix}); {@link BadRequestException} for a location that cannot be expressed
   * exactly (a wildcard or policy-variable character, no prefix under the bucket).
   */
  public static String forLocations(List<String> roots, boolean write) {
    // bucket -> key prefixes (without trailing '/')
    Map<String, List<String>> prefixes = new LinkedHashMap<>();
    for (String root : roots) {
      String normalized = LocationPolicy.normalize(root, "table location");
      if (!normalized.startsWith("s3://")) {
        throw new BadRequestException("Cannot vend credentials for %s: not an s3:// location", root);
      }
      for (int i = 0; i < normalized.length(); i++) {
        if (SPECIAL.indexOf(normalized.charAt(i)) >= 0) {
          throw new BadRequestException(
              "Cannot vend credentials for location %s: it contains '%s', which an IAM policy reads as a"
                  + " wildcard or variable; use remote signing for this table",
              root, normalized.charAt(i));
        }
      }
      String bucket = S3Settings.bucketOf(normalized, "table location");
      String rest = normalized.substring("s3://".length() + bucket.length());
      if (rest.length() <= 1) {
        throw new BadRequestException(
            "Cannot vend credentials for location %s: a table at the root of a bucket would get the whole bucket", root);
      }
      prefixes.computeIfAbsent(bucket, ignored -> new ArrayList<>()).add(rest.substring(1));
    }
    if (prefixes.isEmpty()) {
      throw new BadRequestException("Cannot vend credentials: the table has no location");
    }
    ObjectNode policy = JSON.createObjectNode();
    policy.put("Version", "2012-10-17");
    ArrayNode statements = policy.putArray("Statement");
    ArrayNode objects = JSON.createArrayNode();
    prefixes.forEach((bucket, keys) -> keys.forEach(key -> objects.add("arn:aws:s3:::" + bucket + "/" + key + "/*")));
    statements.add(statement("ReadTableObjects", READ_ACTIONS, objects, null));
    if (write) {
      statements.add(statement("WriteTableObjects", WRITE_ACTIONS, objects, null));
    }
    int[] bucketIndex = {0};
    prefixes.forEach(
        (bucket, keys) -> {
          bucketIndex[0]++;
          ArrayNode resource = JSON.createArrayNode().add("arn:aws:s3:::" + bucket);
          ObjectNode condition = JSON.createObjectNode();
          ArrayNode listed = condition.putObject("StringLike").putArray("s3:prefix");
          keys.forEach(key -> listed.add(key + "/*"));
          statements.add(statement("ListTablePrefixes" + bucketIndex[0], LIST_ACTIONS, resource, condition));
        });
    try {
      return JSON.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode statement(String sid, List<String> actions, ArrayNode resources, ObjectNode condition) {
    ObjectNode statement = JSON.createObjectNode();
    statement.put("Sid", sid);
    statement.put("Effect", "Allow");
    ArrayNode action = statement.putArray("Action");
    actions.forEach(action::add);
    statement.set("Resource", resources.deepCopy());
    if (condition != null) {
      statement.set("Condition", condition);
    }
    return statement;
  }
}
