package dev.floe.policy.opa;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.policy.Authorizer;
import dev.floe.policy.Decision;
import dev.floe.policy.GrantData;
import dev.floe.policy.GrantStore;
import dev.floe.policy.Operation;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Target;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Asks an Open Policy Agent running Floe's Rego bundle ({@code floe/rego/} on the classpath, or an
 * operator's policy with the same entry points).
 *
 * <ul>
 *   <li>One decision is one {@code POST /v1/data/<policy path>/decision} with the input {@code
 *       {principal: {name, disabled}, principal_roles, operation, targets: [{type, path, tags,
 *       changes}]}}.
 *   <li>One page of a listing is one {@code POST /v1/data/<policy path>/visible_indexes} with the
 *       same input, the page as targets; OPA answers the indexes of the visible entries.
 *   <li>The row filters and masks OPA adds to one governance evaluation are one {@code POST
 *       /v1/data/<policy path>/restrictions} ({@link #restrictions()}, {@link OpaRestrictions}).
 *   <li>The grant data is published as a data document with {@code PUT /v1/data/<grants path>}
 *       whenever the store's {@linkplain GrantStore#version() version} differs from the version
 *       last published, before the next question. Run one OPA per Floe node (a sidecar), or feed
 *       a shared OPA from a bundle server instead of this publisher.
 * </ul>
 *
 * <p>With a decision cache ({@link OpaConfiguration#withDecisionCacheTtl}), OPA's answers to
 * decisions and listing pages are kept for that time, keyed by the whole input and the version of
 * the grant data ({@link OpaDecisionCache}): a repeated question costs no call.
 *
 * <p>Fails closed: when OPA cannot be reached, times out, answers an error status or anything but
 * the expected JSON, or the grant data cannot be published, the decision is a deny and a listing
 * shows nothing, and a warning names the cause.
 */
public final class OpaAuthorizer implements Authorizer, AutoCloseable {
  private static final System.Logger LOGGER = System.getLogger(OpaAuthorizer.class.getName());
  private static final long NOTHING_PUBLISHED = Long.MIN_VALUE;
  private static final int MAX_CACHED = 100_000;

  private final OpaConfiguration configuration;
  private final GrantStore store;
  private final OpaClient client;
  private final OpaRestrictions restrictions;
  private final Object publishLock = new Object();
  private volatile long publishedVersion = NOTHING_PUBLISHED;
  private final OpaDecisionCache<Decision> decisions;
  private final OpaDecisionCache<Set<Integer>> visible;

  public OpaAuthorizer(OpaConfiguration configuration, GrantStore store) {
    this.configuration = requireNonNull(configuration, "configuration is null");
    this.store = requireNonNull(store, "store is null");
    this.client = new OpaClient(configuration);
    this.restrictions = new OpaRestrictions(client, this::publishIfChanged);
    this.decisions = new OpaDecisionCache<>(configuration.decisionCacheTtl(), MAX_CACHED, System::nanoTime);
    this.visible = new OpaDecisionCache<>(configuration.decisionCacheTtl(), MAX_CACHED, System::nanoTime);
  }

  @Override
  public Decision decide(PrincipalContext principal, Operation operation, List<Target> targets) {
    requireNonNull(principal, "principal is null");
    requireNonNull(operation, "operation is null");
    operation.requirements(targets); // rejects targets that do not fit, as the built-in RBAC does
    try {
      long version = publishIfChanged();
      ObjectNode input = OpaDocuments.input(principal, operation, targets);
      String key = decisions.enabled() ? version + "\n" + input : null;
      Decision cached = key == null ? null : decisions.get(key);
      if (cached != null) {
        return cached;
      }
      Decision decision = OpaDocuments.decision(client.query(configuration.decisionUri(), input));
      if (key != null) {
        decisions.put(key, decision);
      }
      return decision;
    } catch (RuntimeException exception) {
      LOGGER.log(
          Level.WARNING,
          "OPA authorization failed closed: denied %s for principal %s: %s"
              .formatted(operation, principal.principal().name(), describe(exception)));
      return Decision.deny(
          "%s denied: the policy engine could not decide (%s)".formatted(operation, describe(exception)));
    }
  }

  @Override
  public List<Target> filter(PrincipalContext principal, Operation listing, List<Target> candidates) {
    requireNonNull(principal, "principal is null");
    requireNonNull(listing, "listing is null");
    listing.checkListing(candidates);
    if (candidates.isEmpty()) {
      return List.of();
    }
    try {
      long version = publishIfChanged();
      ObjectNode input = OpaDocuments.input(principal, listing, candidates);
      String key = visible.enabled() ? version + "\n" + input : null;
      Set<Integer> indexes = key == null ? null : visible.get(key);
      if (indexes == null) {
        indexes = OpaDocuments.visibleIndexes(client.query(configuration.visibleIndexesUri(), input), candidates.size());
        if (key != null) {
          visible.put(key, indexes);
        }
      }
      List<Target> kept = new ArrayList<>(indexes.size());
      for (int index : indexes) {
        kept.add(candidates.get(index));
      }
      return List.copyOf(kept);
    } catch (RuntimeException exception) {
      LOGGER.log(
          Level.WARNING,
          "OPA authorization failed closed: hid all %d entries of %s for principal %s: %s"
              .formatted(candidates.size(), listing, principal.principal().name(), describe(exception)));
      return List.of();
    }
  }

  /**
   * Publishes the store's current grant data to OPA now (for example at start-up).
   *
   * @throws OpaException when OPA does not accept it
   */
  public void publishGrants() {
    synchronized (publishLock) {
      GrantData snapshot = store.snapshot();
      client.put(configuration.grantsUri(), OpaDocuments.grantData(snapshot), "the grant data");
      publishedVersion = snapshot.version();
    }
  }

  /**
   * The row filters and masks this OPA adds to governance evaluations (its {@code restrictions}
   * rule), over the same HTTP client; pass it to {@code GovernanceEvaluator.evaluate}. Closing this
   * authorizer closes it too.
   */
  public OpaRestrictions restrictions() {
    return restrictions;
  }

  /** The store version OPA holds the grant data of, if any was published. */
  public OptionalLong publishedVersion() {
    long version = publishedVersion;
    return version == NOTHING_PUBLISHED ? OptionalLong.empty() : OptionalLong.of(version);
  }

  @Override
  public void close() {
    client.close();
  }

  /** Publishes the grant data unless OPA holds the current version; the version OPA holds. */
  private long publishIfChanged() {
    long current = store.version();
    if (publishedVersion == current) {
      return current;
    }
    synchronized (publishLock) {
      if (publishedVersion != current) {
        publishGrants();
      }
      return publishedVersion;
    }
  }

  private static String describe(Throwable exception) {
    return OpaClient.describe(exception);
  }
}
