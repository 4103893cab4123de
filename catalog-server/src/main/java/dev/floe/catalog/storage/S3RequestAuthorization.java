package dev.floe.catalog.storage;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.requests.RemoteSignRequest;

/**
 * Decides whether a remote-signing client may have one S3 request signed for one table: the
 * request must go to the catalog's endpoint, be an S3 operation Iceberg's {@code S3FileIO} uses,
 * and touch only objects inside the table's locations (reads for GET and HEAD, writes for PUT,
 * POST and DELETE). Everything else is refused before anything is signed: other tables, other
 * buckets, {@code .} and {@code ..} segments in any spelling, empty segments, encoded slashes,
 * query parameters that turn a request into another operation, copy sources elsewhere, ACL
 * headers, and batch deletes naming a key outside the table.
 */
public final class S3RequestAuthorization {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  /** Values of the SDK's {@code x-id} operation hint that are allowed, by HTTP method. */
  private static final Map<String, Set<String>> OPERATIONS =
      Map.of(
          "GET", Set.of("GetObject", "ListParts"),
          "HEAD", Set.of("HeadObject"),
          "PUT", Set.of("PutObject", "UploadPart", "CopyObject", "UploadPartCopy"),
          "POST", Set.of("CreateMultipartUpload", "CompleteMultipartUpload"),
          "DELETE", Set.of("DeleteObject", "AbortMultipartUpload"));
  private static final Set<String> LIST_PARAMETERS =
      Set.of(
          "list-type", "prefix", "delimiter", "continuation-token", "max-keys", "start-after",
          "encoding-type", "fetch-owner", "x-id");

  /**
   * A request found acceptable.
   *
   * @param access whether it reads or writes the table's files
   * @param payload the body to sign along (a batch delete, whose keys were checked), if any
   */
  public record Decision(StorageAccess access, Optional<byte[]> payload) {
    public Decision {
      requireNonNull(access, "access is null");
      requireNonNull(payload, "payload is null");
    }
  }

  /** A bucket and key; the key is empty for the bucket itself. */
  record S3Object(String bucket, String key) {
    String location() {
      return "s3://" + bucket + (key.isEmpty() ? "" : "/" + key);
    }
  }

  private final S3Settings settings;
  private final List<S3Object> roots;
  private final String table;

  /**
   * @param settings the catalog's S3 settings
   * @param tableRoots the normalized locations of the table's files ({@link TableLocations})
   * @param table the table's name, for messages
   */
  public S3RequestAuthorization(S3Settings settings, List<String> tableRoots, String table) {
    this.settings = requireNonNull(settings, "settings is null");
    this.table = requireNonNull(table, "table is null");
    List<S3Object> parsed = new ArrayList<>();
    for (String root : tableRoots) {
      parseLocation(root).ifPresent(parsed::add);
    }
    this.roots = List.copyOf(parsed);
  }

  /** Decides on {@code request}: a {@link Decision}, or {@link ForbiddenException} saying why not. */
  public Decision check(RemoteSignRequest request) {
    if (request.provider() != null && !request.provider().equalsIgnoreCase("s3")) {
      throw new BadRequestException("Invalid sign request: provider %s is not supported (only s3)", request.provider());
    }
    String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
    if (!OPERATIONS.containsKey(method)) {
      throw forbidden("method %s is not allowed", request.method());
    }
    URI uri = request.uri();
    S3Object target = target(uri);
    Map<String, String> query = query(uri);
    Map<String, String> headers = lowerCaseHeaders(request.headers());
    checkHeaders(headers, method);
    if (target.key().isEmpty()) {
      return bucketRequest(method, target, query, request.body());
    }
    checkObjectParameters(method, query);
    requireInside(target, method.equals("GET") || method.equals("HEAD") ? "read" : "write");
    return new Decision(
        method.equals("GET") || method.equals("HEAD") ? StorageAccess.READ : StorageAccess.WRITE,
        Optional.empty());
  }

  // ---------------------------------------------------------------- target

  /** The bucket and key a request URI addresses at the catalog's endpoint. */
  private S3Object target(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.getRawAuthority() == null) {
      throw forbidden("the URI %s is not an absolute S3 URL", uri);
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw forbidden("the URI %s has user information or a fragment", uri);
    }
    URI endpoint = settings.effectiveEndpoint();
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    String endpointHost = endpoint.getHost().toLowerCase(Locale.ROOT);
    if (!scheme.equals(endpoint.getScheme()) || port(uri) != port(endpoint)) {
      throw forbidden("%s is not the catalog's S3 endpoint %s", uri.getRawAuthority(), endpoint);
    }
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    List<String> segments = segments(rawPath, uri);
    if (host.equals(endpointHost)) {
      // path style: /bucket/key
      if (segments.isEmpty()) {
        throw forbidden("the URI %s names no bucket", uri);
      }
      String bucket = bucket(segments.get(0), uri);
      return new S3Object(bucket, String.join("/", segments.subList(1, segments.size())));
    }
    if (host.endsWith("." + endpointHost)) {
      // virtual-hosted style: bucket.endpoint/key
      String bucket = bucket(host.substring(0, host.length() - endpointHost.length() - 1), uri);
      return new S3Object(bucket, String.join("/", segments));
    }
    throw forbidden("%s is not the catalog's S3 endpoint %s", uri.getRawAuthority(), endpoint);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private String bucket(String candidate, URI uri) {
    if (!BUCKET.matcher(candidate).matches() || candidate.contains("..")) {
      throw forbidden("the URI %s names no valid bucket", uri);
    }
    return candidate;
  }

  /**
   * The decoded segments of a raw path; one trailing slash after the bucket is tolerated, any
   * other empty segment, {@code .}, {@code ..}, encoded slash or backslash, or control character
   * is refused.
   */
  private List<String> segments(String rawPath, URI uri) {
    List<String> segments = new ArrayList<>();
    if (rawPath.isEmpty() || rawPath.equals("/")) {
      return segments;
    }
    if (!rawPath.startsWith("/")) {
      throw forbidden("the path of %s is not absolute", uri);
    }
    String[] parts = rawPath.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      boolean trailingAfterBucket = i == parts.length - 1 && i == 1 && parts[i].isEmpty();
      if (trailingAfterBucket) {
        continue;
      }
      String decoded = percentDecode(parts[i], uri);
      checkSegment(decoded, uri.toString());
      segments.add(decoded);
    }
    return segments;
  }

  private void checkSegment(String segment, String whole) {
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      throw forbidden("%s has an empty, '.' or '..' path segment", whole);
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '/' || c == '\\' || Character.isISOControl(c)) {
        throw forbidden("%s has an encoded '/', a backslash or a control character in a path segment", whole);
      }
    }
  }

  private static String percentDecode(String raw, URI uri) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    byte[] bytes = new byte[raw.length()];
    int length = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new BadRequestException("Invalid sign request: malformed percent-encoding in %s", uri);
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new BadRequestException("Invalid sign request: malformed percent-encoding in %s", uri);
        }
        bytes[length++] = (byte) ((high << 4) + low);
        i += 2;
      } else if (c < 0x80) {
        bytes[length++] = (byte) c;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (length + encoded.length > bytes.length) {
          bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2 + encoded.length);
        }
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
      }
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- query and headers

  private Map<String, String> query(URI uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return parameters;
    }
    for (String pair : raw.split("&", -1)) {
      int equals = pair.indexOf('=');
      String name = percentDecode(equals < 0 ? pair : pair.substring(0, equals), uri);
      String value = equals < 0 ? "" : percentDecode(pair.substring(equals + 1), uri);
      if (name.isEmpty()) {
        throw forbidden("the query of %s has an empty parameter", uri);
      }
      if (parameters.put(name, value) != null) {
        throw forbidden("the query of %s repeats the parameter %s", uri, name);
      }
    }
    return parameters;
  }

  private static Map<String, String> lowerCaseHeaders(Map<String, List<String>> headers) {
    Map<String, String> lower = new LinkedHashMap<>();
    if (headers != null) {
      headers.forEach(
          (name, values) ->
              lower.merge(
                  name.toLowerCase(Locale.ROOT),
                  values == null ? "" : String.join(",", values),
                  (first, second) -> first + "," + second));
    }
    return lower;
  }

  private void checkHeaders(Map<String, String> headers, String method) {
    for (String name : headers.keySet()) {
      if (name.equals("x-amz-acl") || name.startsWith("x-amz-grant-")) {
        throw forbidden("the header %s (object ACLs) is not allowed", name);
      }
      if (name.startsWith("x-amz-copy-source") && !method.equals("PUT")) {
        throw forbidden("the header %s is only allowed on PUT", name);
      }
    }
    String copySource = headers.get("x-amz-copy-source");
    if (copySource != null) {
      // bucket/key[?versionId=...], URL-encoded: the copy reads that object
      String source = copySource.startsWith("/") ? copySource.substring(1) : copySource;
      int question = source.indexOf('?');
      String path = question < 0 ? source : source.substring(0, question);
      String query = question < 0 ? "" : source.substring(question + 1);
      if (!query.isEmpty() && !query.startsWith("versionId=")) {
        throw forbidden("the copy source %s has unexpected parameters", copySource);
      }
      int slash = path.indexOf('/');
      if (slash <= 0) {
        throw forbidden("the copy source %s names no object", copySource);
      }
      URI asUri = URI.create("s3://copy-source");
      String bucket = bucket(percentDecode(path.substring(0, slash), asUri), asUri);
      List<String> keySegments = new ArrayList<>();
      for (String part : path.substring(slash + 1).split("/", -1)) {
        String decoded = percentDecode(part, asUri);
        checkSegment(decoded, copySource);
        keySegments.add(decoded);
      }
      requireInside(new S3Object(bucket, String.join("/", keySegments)), "copy from");
    }
  }

  private void checkObjectParameters(String method, Map<String, String> query) {
    Set<String> allowed =
        switch (method) {
          case "GET" -> Set.of("x-id", "versionId", "partNumber", "uploadId");
          case "HEAD" -> Set.of("x-id", "versionId", "partNumber");
          case "PUT" -> Set.of("x-id", "partNumber", "uploadId");
          case "POST" -> Set.of("x-id", "uploads", "uploadId");
          case "DELETE" -> Set.of("x-id", "uploadId", "versionId");
          default -> Set.of();
        };
    for (Map.Entry<String, String> parameter : query.entrySet()) {
      if (!allowed.contains(parameter.getKey())) {
        throw forbidden("the query parameter %s is not allowed on %s of an object", parameter.getKey(), method);
      }
    }
    String operation = query.get("x-id");
    if (operation != null && !OPERATIONS.get(method).contains(operation)) {
      throw forbidden("x-id=%s does not match a %s of an object", operation, method);
    }
    if (method.equals("PUT") && query.containsKey("partNumber") != query.containsKey("uploadId")) {
      throw forbidden("partNumber and uploadId go together on PUT");
    }
    if (method.equals("POST") && query.containsKey("uploads") == query.containsKey("uploadId")) {
      throw forbidden("a POST to an object either starts (uploads) or completes (uploadId) a multipart upload");
    }
    if (query.containsKey("uploads") && !query.get("uploads").isEmpty()) {
      throw forbidden("the query parameter uploads takes no value");
    }
  }

  // ---------------------------------------------------------------- bucket-level requests

  private Decision bucketRequest(String method, S3Object bucket, Map<String, String> query, String body) {
    if (method.equals("GET") && "2".equals(query.get("list-type"))) {
      for (String name : query.keySet()) {
        if (!LIST_PARAMETERS.contains(name)) {
          throw forbidden("the query parameter %s is not allowed on a listing", name);
        }
      }
      if (query.containsKey("x-id") && !query.get("x-id").equals("ListObjectsV2")) {
        throw forbidden("x-id=%s does not match a listing", query.get("x-id"));
      }
      String prefix = query.get("prefix");
      if (prefix == null || prefix.isEmpty()) {
        throw forbidden("a listing of bucket %s needs a prefix inside the table's location", bucket.bucket());
      }
      // the prefix is matched as a string: it must end inside a root ("root/..."), or "root/" could
      // be widened to siblings such as "root-other/"
      S3Object listed = new S3Object(bucket.bucket(), prefix);
      checkKeySegments(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, listed.location());
      if (!isStrictlyInside(listed)) {
        throw forbidden("listing %s is outside the locations of table %s %s", listed.location(), table, rootLocations());
      }
      return new Decision(StorageAccess.READ, Optional.empty());
    }
    if (method.equals("POST") && query.containsKey("delete")) {
      for (String name : query.keySet()) {
        if (!name.equals("delete") && !name.equals("x-id")) {
          throw forbidden("the query parameter %s is not allowed on a batch delete", name);
        }
      }
      if (query.containsKey("x-id") && !query.get("x-id").equals("DeleteObjects")) {
        throw forbidden("x-id=%s does not match a batch delete", query.get("x-id"));
      }
      if (!query.get("delete").isEmpty()) {
        throw forbidden("the query parameter delete takes no value");
      }
      if (body == null || body.isEmpty()) {
        throw forbidden("a batch delete must send its body to be signed along");
      }
      for (String key : deleteKeys(body)) {
        checkKeySegments(key, "s3://" + bucket.bucket() + "/" + key);
        requireInside(new S3Object(bucket.bucket(), key), "delete");
      }
      // the body is signed (x-amz-content-sha256), so no other list of keys can be sent with it
      return new Decision(StorageAccess.WRITE, Optional.of(body.getBytes(StandardCharsets.UTF_8)));
    }
    throw forbidden("%s of bucket %s with %s is not an operation on the table's files", method, bucket.bucket(), query.keySet());
  }

  private void checkKeySegments(String key, String whole) {
    for (String segment : key.split("/", -1)) {
      checkSegment(segment, whole);
    }
  }

  /** The keys of a DeleteObjects body, parsed without DTDs or external entities. */
  private List<String> deleteKeys(String body) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    } catch (IllegalArgumentException e) {
      // not supported by this parser: DTDs are off anyway
    }
    List<String> keys = new ArrayList<>();
    try {
      XMLStreamReader reader =
          factory.createXMLStreamReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
      List<String> path = new ArrayList<>();
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          path.add(reader.getLocalName());
          if (path.equals(List.of("Delete", "Object", "Key"))) {
            keys.add(reader.getElementText());
            path.remove(path.size() - 1);
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          path.remove(path.size() - 1);
        } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
          throw forbidden("a batch delete body must not contain a DTD or entity references");
        }
      }
      reader.close();
    } catch (XMLStreamException e) {
      throw forbidden("the batch delete body is not the XML of a DeleteObjects request");
    }
    if (keys.isEmpty()) {
      throw forbidden("the batch delete body names no key");
    }
    return keys;
  }

  // ---------------------------------------------------------------- locations

  private void requireInside(S3Object object, String what) {
    for (S3Object root : roots) {
      if (root.bucket().equals(object.bucket())
          && (root.key().isEmpty()
              || object.key().equals(root.key())
              || object.key().startsWith(root.key() + "/"))) {
        return;
      }
    }
    throw forbidden(
        "cannot %s %s: outside the locations of table %s %s", what, object.location(), table, rootLocations());
  }

  private boolean isStrictlyInside(S3Object prefix) {
    for (S3Object root : roots) {
      if (root.bucket().equals(prefix.bucket())
          && (root.key().isEmpty() || prefix.key().startsWith(root.key() + "/"))) {
        return true;
      }
    }
    return false;
  }

  private List<String> rootLocations() {
    return roots.stream().map(S3Object::location).toList();
  }

  /** The bucket and key of a normalized {@code s3://}, {@code s3a://} or {@code s3n://} location. */
  static Optional<S3Object> parseLocation(String location) {
    int separator = location.indexOf("://");
    if (separator < 0 || !S3Settings.isS3(location)) {
      return Optional.empty();
    }
    String rest = location.substring(separator + 3);
    int slash = rest.indexOf('/');
    return Optional.of(
        slash < 0 ? new S3Object(rest, "") : new S3Object(rest.substring(0, slash), rest.substring(slash + 1)));
  }

  private ForbiddenException forbidden(String format, Object... arguments) {
    return new ForbiddenException(
        "Cannot sign the request for table %s: %s", table, String.format(format, arguments));
  }
}
