package dev.floe.policy.opa;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and how to reach OPA.
 *
 * @param endpoint OPA's base URI, {@code http} or {@code https}, for example {@code
 *     http://127.0.0.1:8181}; a base path (OPA behind a proxy) is kept
 * @param timeout how long one request (connect and answer) may take before it is a deny
 * @param policyPath the Data API path of the policy package, {@code floe/authz} for the bundle
 *     Floe ships; decisions are read from its {@code decision} rule, listings from its {@code
 *     visible_indexes} rule, the row filters and masks OPA adds to a governance evaluation from
 *     its {@code restrictions} rule
 * @param grantsPath the Data API path the grant data document is published to, {@code
 *     floe/grants} for the bundle Floe ships
 */
public record OpaConfiguration(
    URI endpoint, Duration timeout, String policyPath, String grantsPath, Duration decisionCacheTtl) {
  public static final String DEFAULT_POLICY_PATH = "floe/authz";
  public static final String DEFAULT_GRANTS_PATH = "floe/grants";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private static final Pattern DATA_PATH = Pattern.compile("[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*");

  public OpaConfiguration {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(policyPath, "policyPath is null");
    requireNonNull(grantsPath, "grantsPath is null");
    requireNonNull(decisionCacheTtl, "decisionCacheTtl is null");
    if (decisionCacheTtl.isNegative()) {
      throw new IllegalArgumentException("OPA decision cache time to live must not be negative, got " + decisionCacheTtl);
    }
    if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
      throw new IllegalArgumentException("OPA endpoint must be http or https, got " + endpoint);
    }
    if (endpoint.getHost() == null
        || endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null
        || endpoint.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "OPA endpoint must be scheme://host[:port][/base-path] without user, query or fragment, got "
              + endpoint);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("OPA timeout must be positive, got " + timeout);
    }
    for (String path : new String[] {policyPath, grantsPath}) {
      if (!DATA_PATH.matcher(path).matches()) {
        throw new IllegalArgumentException(
            "OPA data path must be slash-separated names of letters, digits and underscores, got '"
                + path
                + "'");
      }
    }
    if (grantsPath.equals(policyPath) || grantsPath.startsWith(policyPath + "/")) {
      throw new IllegalArgumentException(
          "OPA grants path %s must not be inside the policy path %s".formatted(grantsPath, policyPath));
    }
  }

  /** The defaults for everything but the endpoint (no decision cache). */
  public static OpaConfiguration of(URI endpoint) {
    return new OpaConfiguration(endpoint, DEFAULT_TIMEOUT, DEFAULT_POLICY_PATH, DEFAULT_GRANTS_PATH, Duration.ZERO);
  }

  public OpaConfiguration withTimeout(Duration newTimeout) {
    return new OpaConfiguration(endpoint, newTimeout, policyPath, grantsPath, decisionCacheTtl);
  }

  /**
   * With OPA's answers kept for {@code ttl} ({@link OpaAuthorizer}: keyed by the whole input and
   * the grant data's version); zero keeps nothing.
   */
  public OpaConfiguration withDecisionCacheTtl(Duration ttl) {
    return new OpaConfiguration(endpoint, timeout, policyPath, grantsPath, ttl);
  }

  URI decisionUri() {
    return dataUri(policyPath + "/decision");
  }

  URI visibleIndexesUri() {
    return dataUri(policyPath + "/visible_indexes");
  }

  URI restrictionsUri() {
    return dataUri(policyPath + "/restrictions");
  }

  URI grantsUri() {
    return dataUri(grantsPath);
  }

  private URI dataUri(String path) {
    String base = endpoint.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/v1/data/" + path);
  }
}
