package dev.floe.catalog.auth;

import dev.floe.policy.TagSource;

import dev.floe.audit.AuditEvent;
import dev.floe.audit.AuditSink;
import dev.floe.catalog.iceberg.NoSuchWarehouseException;
import dev.floe.catalog.http.RequestIds;
import dev.floe.policy.Authorizer;
import dev.floe.policy.Decision;
import dev.floe.policy.Operation;
import dev.floe.policy.Outcome;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.Securable;
import dev.floe.policy.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;

/**
 * Where every endpoint asks for permission: decides an operation for the current caller with the
 * configured {@link Authorizer}, records the decision as an audit event, and turns a refusal into
 * the response: 403 when the caller may know the object, else the same 404 a missing object gets.
 *
 * <p>Every decision and change recorded here carries the targets' classification tags as detail
 * {@code tags} (sorted, comma-joined) when they have any. An allowed read ({@link AuditedReads}) of
 * targets without tags and without governance policies ({@link GovernedTargets}) goes to {@link
 * AuditSink#recordRead}, which may aggregate it; every other decision to {@link AuditSink#record}.
 * When tags or policies cannot be looked up, the decision is recorded on its own (and the event
 * says {@code tags-lookup=failed}).
 */
@ApplicationScoped
public class AccessGuard {
  private final Authorizer authorizer;
  private final CurrentCaller currentCaller;
  private final AuditSink audit;
  private final TagSource tags;
  private final GovernedTargets governed;
  private final Timer decideTimer;
  private final Timer filterTimer;

  @Inject
  public AccessGuard(
      Authorizer authorizer,
      CurrentCaller currentCaller,
      AuditSink audit,
      TagSource tags,
      GovernedTargets governed,
      MeterRegistry registry) {
    this.authorizer = authorizer;
    this.currentCaller = currentCaller;
    this.audit = audit;
    this.tags = tags;
    this.governed = governed;
    // the time authorization adds to a request: the decision and recording it
    String name = authorizer.getClass().getSimpleName();
    this.decideTimer = timer(registry, "decide", "Time to decide and record one authorization", name);
    this.filterTimer = timer(registry, "filter", "Time to filter one listing page", name);
  }

  private static Timer timer(MeterRegistry registry, String kind, String description, String authorizer) {
    return Timer.builder("floe.authorization")
        .description(description)
        .tag("kind", kind)
        .tag("authorizer", authorizer)
        .publishPercentileHistogram()
        .publishPercentiles(0.5, 0.99)
        // decisions take microseconds: buckets from 1 µs, not the default 1 ms
        .minimumExpectedValue(java.time.Duration.ofNanos(1_000))
        .maximumExpectedValue(java.time.Duration.ofSeconds(2))
        .register(registry);
  }

  /** The caller of the current request; 401 when there is none. */
  public Caller caller() {
    return currentCaller.get();
  }

  /** Decides {@code operation} for the caller; returns the allowing decision, throws otherwise. */
  public Decision authorize(Operation operation, Target... targets) {
    return authorize(operation, List.of(targets));
  }

  public Decision authorize(Operation operation, List<Target> targets) {
    return authorize(decide(operation, targets), operation, targets);
  }

  /** The allowing decision, or the refusal it stands for. */
  private static Decision authorize(Decision decision, Operation operation, List<Target> targets) {
    switch (decision.outcome()) {
      case ALLOW -> {
        return decision;
      }
      case DENY -> throw new ForbiddenException("Forbidden: %s", decision.reason());
      case NOT_FOUND -> throw notFound(operation, targets);
      default -> throw new IllegalStateException("Unknown outcome " + decision.outcome());
    }
  }

  /**
   * As {@link #authorize}, for an object that may be missing: a refusal (403) means the caller may
   * know the object, so a missing one is answered as missing (404) instead, like a missing object
   * the caller was allowed to touch.
   */
  public Decision authorizeExisting(Operation operation, Target target, BooleanSupplier exists) {
    return authorizeExisting(operation, target, exists, () -> notFound(target.securable()));
  }

  /**
   * As {@link #authorizeExisting(Operation, Target, BooleanSupplier)}, where what may be missing
   * is not the target itself but what holds it (the catalog of a grant): {@code missing} is the
   * error for it.
   */
  public Decision authorizeExisting(
      Operation operation, Target target, BooleanSupplier exists, java.util.function.Supplier<? extends RuntimeException> missing) {
    Decision decision = decide(operation, List.of(target));
    if (decision.outcome() == Outcome.DENY && !exists.getAsBoolean()) {
      throw missing.get();
    }
    return authorize(decision, operation, List.of(target));
  }

  /**
   * As {@link #authorize(Operation, List)}, then once more with the targets' classification tags
   * ({@link TagSource}) when any has some: rules beyond RBAC (OPA's on {@code confidential} tables)
   * may refuse what the tag-blind decision allowed. Tags are looked up only after that first
   * decision, so a caller who may not see a target learns nothing from them. Signing, vending,
   * purges and commits are decided this way.
   */
  public Decision authorizeWithTags(Operation operation, List<Target> targets) {
    Decision decision = authorize(operation, targets);
    List<Target> tagged = withTags(targets);
    return tagged == targets ? decision : authorize(operation, tagged);
  }

  /** As {@link #permits}, with the target's tags (see {@link #authorizeWithTags}). */
  public boolean permitsWithTags(Operation operation, Target target) {
    return decide(operation, withTags(List.of(target))).allowed();
  }

  /** The targets with their tags from the tag source; the same list when none has any. */
  private List<Target> withTags(List<Target> targets) {
    List<Target> tagged = new java.util.ArrayList<>(targets.size());
    boolean found = false;
    for (Target target : targets) {
      java.util.Set<String> targetTags = tags.tagsOf(target.securable());
      found |= !targetTags.isEmpty();
      tagged.add(targetTags.isEmpty() ? target : target.withTags(targetTags));
    }
    return found ? tagged : targets;
  }

  /**
   * Whether the caller may do {@code operation}, without refusing the request: for what a request
   * gets more or less of (write keys as well as read keys). Recorded like every decision.
   */
  public boolean permits(Operation operation, Target... targets) {
    return decide(operation, List.of(targets)).allowed();
  }

  /** Decides for the current caller, records the decision and times both. */
  private Decision decide(Operation operation, List<Target> targets) {
    Caller caller = currentCaller.get();
    long start = System.nanoTime();
    Decision decision;
    try {
      decision = authorizer.decide(caller.context(), operation, targets);
    } catch (IllegalArgumentException e) {
      throw misuse(e);
    }
    recordDecision(caller, operation, targets, decision);
    decideTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    return decision;
  }

  /** Keeps the entries of one listing page the caller may see. */
  public <T> List<T> filter(Operation listing, List<T> page, Function<T, Target> toTarget) {
    if (page.isEmpty()) {
      return page;
    }
    List<Target> candidates = new ArrayList<>(page.size());
    for (T entry : page) {
      candidates.add(toTarget.apply(entry));
    }
    long start = System.nanoTime();
    List<Target> visible;
    try {
      visible = authorizer.filter(currentCaller.get().context(), listing, candidates);
    } catch (IllegalArgumentException e) {
      throw misuse(e);
    }
    filterTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    if (visible.size() == candidates.size()) {
      return page;
    }
    java.util.Set<Securable> keep =
        visible.stream().map(Target::securable).collect(Collectors.toSet());
    List<T> result = new ArrayList<>(visible.size());
    for (int i = 0; i < page.size(); i++) {
      if (keep.contains(candidates.get(i).securable())) {
        result.add(page.get(i));
      }
    }
    return result;
  }

  /**
   * The authorizer's refusal of targets that do not fit the operation: Floe's code built them, so
   * it is a fault of ours (500 with the request id), not of the client (the 400 an {@code
   * IllegalArgumentException} would get).
   */
  private static IllegalStateException misuse(IllegalArgumentException e) {
    return new IllegalStateException("Authorizer called with targets that do not fit the operation: " + e.getMessage(), e);
  }

  /**
   * The decision for any principal, without acting on it: the explain endpoint, whose targets come
   * from the client (an {@code IllegalArgumentException} for targets that do not fit is its fault).
   */
  public Decision explain(PrincipalContext principal, Operation operation, List<Target> targets) {
    return authorizer.decide(principal, operation, targets);
  }

  /** Records a completed change (create, commit, drop, grant, …) by the current caller. */
  public void recordMutation(Operation operation, List<Target> targets, boolean succeeded, String reason, Map<String, String> details) {
    audit.record(mutationEvent(operation, targets, succeeded, reason, details));
  }

  /**
   * The record of a change by the current caller, with the targets' tags, for a caller that stores
   * it itself (in the change's own transaction, {@code audit.MutationRecords}).
   */
  public AuditEvent mutationEvent(Operation operation, List<Target> targets, boolean succeeded, String reason, Map<String, String> details) {
    TargetTags found = tagsOf(targets);
    Map<String, String> withTags = new java.util.HashMap<>(found.details());
    withTags.putAll(details);
    return event(currentCaller.get(), AuditEvent.Kind.MUTATION, operation, targets, succeeded ? "SUCCESS" : "FAILURE", reason, withTags);
  }

  /**
   * Records a decision: an allowed read of untagged, ungoverned targets through {@link
   * AuditSink#recordRead} (which may aggregate it), everything else through {@link
   * AuditSink#record}.
   */
  private void recordDecision(Caller caller, Operation operation, List<Target> targets, Decision decision) {
    TargetTags found = tagsOf(targets);
    AuditEvent event =
        event(caller, AuditEvent.Kind.AUTHORIZATION, operation, targets, decision.outcome().name(), decisionReason(decision), found.details());
    if (decision.allowed() && AuditedReads.aggregatable(operation) && found.none() && !anyGoverned(targets)) {
      audit.recordRead(event);
    } else {
      audit.record(event);
    }
  }

  private static AuditEvent event(
      Caller caller,
      AuditEvent.Kind kind,
      Operation operation,
      List<Target> targets,
      String decision,
      String reason,
      Map<String, String> details) {
    return new AuditEvent(
        UUID.randomUUID(),
        Instant.now(),
        kind,
        caller.name(),
        operation.name(),
        resource(targets),
        decision,
        reason,
        RequestIds.current(),
        caller.clientAddress(),
        details);
  }

  /**
   * The tags of the targets: those they carry, else those of the tag source. {@code known} is false
   * when the tag source failed.
   */
  private record TargetTags(java.util.SortedSet<String> tags, boolean known) {
    boolean none() {
      return known && tags.isEmpty();
    }

    /** {@code tags=a,b} when there are tags, {@code tags-lookup=failed} when they are unknown. */
    Map<String, String> details() {
      if (!known) {
        return Map.of("tags-lookup", "failed");
      }
      return tags.isEmpty() ? Map.of() : Map.of("tags", String.join(",", tags));
    }
  }

  private TargetTags tagsOf(List<Target> targets) {
    java.util.SortedSet<String> all = new java.util.TreeSet<>();
    try {
      for (Target target : targets) {
        all.addAll(target.tags().isEmpty() ? tags.tagsOf(target.securable()) : target.tags());
      }
    } catch (RuntimeException e) {
      return new TargetTags(all, false);
    }
    return new TargetTags(all, true);
  }

  /** Whether policies could reach any of the targets; true when that cannot be told (fails closed). */
  private boolean anyGoverned(List<Target> targets) {
    try {
      for (Target target : targets) {
        if (governed.governed(target.securable())) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static String decisionReason(Decision decision) {
    if (decision.grants().isEmpty()) {
      return decision.reason();
    }
    return decision.reason() + "; grants: " + decision.grants();
  }

  /** {@code table:lake.sales.orders,table:lake.sales.orders_v2}: the audit resource string. */
  public static String resource(List<Target> targets) {
    return targets.stream()
        .map(target -> target.securable().type().name().toLowerCase(java.util.Locale.ROOT) + ":" + String.join(".", target.securable().path()))
        .collect(Collectors.joining(","));
  }

  /** The "does not exist" error the caller would get for a missing object: nothing more. */
  private static RuntimeException notFound(Operation operation, List<Target> targets) {
    if (targets.isEmpty()) {
      return new ForbiddenException("Forbidden");
    }
    if (operation == Operation.RENAME_TABLE || operation == Operation.RENAME_VIEW) {
      // the source may be invisible too: name whichever comes first
      return notFound(targets.get(0).securable());
    }
    Securable securable = targets.get(targets.size() - 1).securable();
    // for a creation, the new object's container is what the caller may not see
    return notFound(isCreation(operation) ? parent(securable) : securable);
  }

  private static RuntimeException notFound(Securable securable) {
    List<String> path = securable.path();
    return switch (securable.type()) {
      case CATALOG -> new NoSuchWarehouseException("Warehouse does not exist: %s", path.get(0));
      case NAMESPACE -> new NoSuchNamespaceException("Namespace does not exist: %s", Namespace.of(path.subList(1, path.size()).toArray(String[]::new)));
      case TABLE -> new NoSuchTableException("Table does not exist: %s", identifier(securable));
      case VIEW -> new NoSuchViewException("View does not exist: %s", identifier(securable));
    };
  }

  private static boolean isCreation(Operation operation) {
    return switch (operation) {
      case CREATE_NAMESPACE, CREATE_TABLE, STAGE_CREATE_TABLE, REGISTER_TABLE, CREATE_VIEW, REGISTER_VIEW -> true;
      default -> false;
    };
  }

  /** The catalog or namespace holding {@code securable}. */
  private static Securable parent(Securable securable) {
    List<String> path = securable.path();
    return path.size() == 2
        ? Securable.catalog(path.get(0))
        : Securable.namespace(path.get(0), path.subList(1, path.size() - 1));
  }

  private static TableIdentifier identifier(Securable securable) {
    List<String> path = securable.path();
    return TableIdentifier.of(
        Namespace.of(path.subList(1, path.size() - 1).toArray(String[]::new)), path.get(path.size() - 1));
  }
}
