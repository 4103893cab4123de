package dev.floe.policy.pii;

import java.util.Set;
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * IPv4 and IPv6 addresses. Dotted version numbers ({@code 1.2.3.4}, {@code 10.0.2.17}) are valid
 * IPv4 addresses too: when most IPv4 values of a column look like versions (every part small)
 * and the name does not say IP, the column counts as versions.
 */
public final class IpAddressDetector implements PiiDetector {
  private static final Set<String> NAME_WORDS =
      Set.of("ip", "ipv4", "ipv6", "ipaddr", "ipaddress", "addr", "remote", "client", "host", "inet", "peer");
  private static final Set<String> NAME_PHRASES = Set.of("ipaddress", "ipaddr", "remoteaddr");
  private static final Set<String> NAME_AGAINST =
      Set.of("version", "ver", "release", "build", "revision", "rev", "oid", "section", "chapter", "schema");
  /** Above this share of version-like IPv4 values, a column without an IP name is versions. */
  private static final double VERSION_SHARE = 0.5;
  private static final int VERSION_PART_MAXIMUM = 31;

  private final InetAddressValidator validator = InetAddressValidator.getInstance();

  @Override
  public PiiKind kind() {
    return PiiKind.IP_ADDRESS;
  }

  @Override
  public Proposal detect(Column column) {
    boolean nameFor = column.nameHas(NAME_WORDS, NAME_PHRASES);
    boolean nameAgainst = column.nameHas(NAME_AGAINST, Set.of());
    if (column.typeFamily() != Column.TypeFamily.STRING) {
      return new Proposal(kind(), 0, 0, 0, "not a string column");
    }
    int matching = 0;
    int ipv4 = 0;
    int versionLike = 0;
    for (String text : column.texts()) {
      String address = stripPortAndScope(text);
      if (validator.isValidInet4Address(address)) {
        matching++;
        ipv4++;
        if (versionLike(address)) {
          versionLike++;
        }
      } else if (validator.isValidInet6Address(address)) {
        matching++;
      }
    }
    boolean versions = ipv4 > 0 && !nameFor && versionLike > VERSION_SHARE * ipv4;
    double confidence = Confidence.of(matching, column.sampled(), nameFor, nameAgainst || versions);
    if (versions) {
      confidence = Math.min(confidence, 0.5);
    }
    String evidence = Confidence.describe("IP addresses", matching, column.sampled(), nameFor, nameAgainst)
        + (versions ? "; most look like version numbers" : "");
    return new Proposal(kind(), confidence, matching, column.sampled(), evidence);
  }

  private static boolean versionLike(String address) {
    for (String part : address.split("\\.")) {
      if (Integer.parseInt(part) > VERSION_PART_MAXIMUM) {
        return false;
      }
    }
    return true;
  }

  /** {@code 203.0.113.9:8080} and {@code fe80::1%eth0} are addresses too. */
  private static String stripPortAndScope(String text) {
    int percent = text.indexOf('%');
    if (percent > 0) {
      return text.substring(0, percent);
    }
    int colon = text.indexOf(':');
    if (colon > 0 && colon == text.lastIndexOf(':') && text.indexOf('.') > 0) {
      return text.substring(0, colon);
    }
    if (text.startsWith("[") && text.contains("]")) {
      return text.substring(1, text.indexOf(']'));
    }
    return text;
  }
}
