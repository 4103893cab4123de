package dev.floe.trino;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.api.ActionCheck;
import dev.floe.policy.governance.api.ActionDecision;
import dev.floe.policy.governance.api.CallerIdentity;
import dev.floe.policy.governance.api.EvaluationRequest;
import dev.floe.policy.governance.api.EvaluationResponse;
import dev.floe.policy.governance.api.TableEvaluation;
import dev.floe.policy.governance.api.TableRequest;
import io.trino.spi.connector.SchemaTableName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Floe's answers for tables, fetched at most once per table per query and shared between queries
 * while Floe's TTL (capped by {@code floe.cache.max-ttl}) lasts.
 *
 * <p>Each table is asked for with all its columns ({@link TableRequest#allColumnsOf}), so the row
 * filter, the masks, column visibility and select permission of a table all come from one answer,
 * whichever of Trino's checks asks first. Tables asked together (a listing's filter) go in one
 * call.
 *
 * <p>Two caches:
 *
 * <ul>
 *   <li>per query (query id + identity + table): an answer used once in a query is used for the
 *       rest of it, so a query's analysis sees one consistent policy and makes one call per table;
 *       entries older than {@link #QUERY_RETENTION} are dropped;
 *   <li>shared (identity + table): reused by later queries until the answer's TTL ends, never
 *       after.
 * </ul>
 */
public final class GovernanceAnswers {
  /** How long a query's answers are kept for it (queries analyse in seconds). */
  static final Duration QUERY_RETENTION = Duration.ofMinutes(10);

  /** Who asks about which table. */
  record TableKey(String user, Set<String> groups, String catalog, String schema, String table) {}

  private record QueryKey(String queryId, TableKey table) {}

  private record Held(TableEvaluation answer, long storedAtNanos, long expiresAtNanos) {}

  /** Who asks which action question. */
  private record CheckKey(String user, Set<String> groups, String catalog, ActionCheck check) {}

  private record QueryCheckKey(String queryId, CheckKey check) {}

  private record HeldDecision(ActionDecision decision, long storedAtNanos, long expiresAtNanos) {}

  private final GovernanceEvaluations evaluations;
  private final long maxTtlNanos;
  private final int maxEntries;
  private final LongSupplier nanoTime;
  private final Map<TableKey, Held> shared = new ConcurrentHashMap<>();
  private final Map<QueryKey, Held> perQuery = new ConcurrentHashMap<>();
  private final Map<CheckKey, HeldDecision> sharedDecisions = new ConcurrentHashMap<>();
  private final Map<QueryCheckKey, HeldDecision> queryDecisions = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong tablesAsked = new AtomicLong();

  public GovernanceAnswers(GovernanceEvaluations evaluations, FloePluginConfig config) {
    this(evaluations, config.maxCacheTtl(), config.maxCacheEntries(), System::nanoTime);
  }

  GovernanceAnswers(GovernanceEvaluations evaluations, Duration maxTtl, int maxEntries, LongSupplier nanoTime) {
    this.evaluations = requireNonNull(evaluations, "evaluations is null");
    this.maxTtlNanos = maxTtl.toNanos();
    this.maxEntries = maxEntries;
    this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
  }

  /** The answer for one table. */
  public TableEvaluation table(String queryId, CallerIdentity identity, String floeCatalog, SchemaTableName table) {
    return tables(queryId, identity, floeCatalog, List.of(table)).get(table);
  }

  /**
   * The answers for several tables of one catalog, with at most one call to Floe for those not
   * held.
   */
  public Map<SchemaTableName, TableEvaluation> tables(
      String queryId, CallerIdentity identity, String floeCatalog, List<SchemaTableName> tables) {
    long now = nanoTime.getAsLong();
    Map<SchemaTableName, TableEvaluation> answers = new LinkedHashMap<>();
    Set<SchemaTableName> missing = new LinkedHashSet<>();
    for (SchemaTableName table : tables) {
      TableKey key = key(identity, floeCatalog, table);
      Held held = queryId == null ? null : perQuery.get(new QueryKey(queryId, key));
      if (held == null) {
        Held cached = shared.get(key);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
          held = cached;
          remember(queryId, key, cached);
        }
      }
      if (held != null) {
        answers.put(table, held.answer());
      } else {
        missing.add(table);
      }
    }
    if (!missing.isEmpty()) {
      fetch(queryId, identity, floeCatalog, List.copyOf(missing), answers);
    }
    Map<SchemaTableName, TableEvaluation> ordered = new LinkedHashMap<>();
    for (SchemaTableName table : tables) {
      ordered.put(table, answers.get(table));
    }
    return ordered;
  }

  private void fetch(
      String queryId,
      CallerIdentity identity,
      String floeCatalog,
      List<SchemaTableName> missing,
      Map<SchemaTableName, TableEvaluation> answers) {
    List<TableRequest> requests =
        missing.stream().map(table -> TableRequest.allColumnsOf(List.of(table.getSchemaName()), table.getTableName())).toList();
    calls.incrementAndGet();
    tablesAsked.addAndGet(requests.size());
    EvaluationResponse response = evaluations.evaluate(new EvaluationRequest(identity, floeCatalog, requests));
    long now = nanoTime.getAsLong();
    long ttl = Math.min(maxTtlNanos, Duration.ofSeconds(response.cacheTtlSeconds()).toNanos());
    evictIfFull(now);
    for (int i = 0; i < missing.size(); i++) {
      SchemaTableName table = missing.get(i);
      TableEvaluation answer = response.tables().get(i);
      Held held = new Held(answer, now, now + ttl);
      TableKey key = key(identity, floeCatalog, table);
      if (ttl > 0) {
        shared.put(key, held);
      }
      remember(queryId, key, held);
      answers.put(table, answer);
    }
  }

  private void remember(String queryId, TableKey key, Held held) {
    if (queryId != null) {
      perQuery.put(new QueryKey(queryId, key), new Held(held.answer(), nanoTime.getAsLong(), Long.MAX_VALUE));
    }
  }

  private void evictIfFull(long now) {
    if (shared.size() >= maxEntries) {
      shared.values().removeIf(held -> now - held.expiresAtNanos() >= 0);
      if (shared.size() >= maxEntries) {
        shared.clear();
      }
    }
    if (perQuery.size() >= maxEntries) {
      long oldest = now - QUERY_RETENTION.toNanos();
      perQuery.values().removeIf(held -> held.storedAtNanos() - oldest < 0);
      if (perQuery.size() >= maxEntries) {
        perQuery.clear();
      }
    }
  }

  /**
   * Floe's decisions on actions besides reading (writes, creates, drops, visibility of
   * namespaces), in the order asked, with at most one call for those not held. Held like table
   * answers: for the rest of the query, and across queries while the TTL lasts.
   */
  public List<ActionDecision> checks(String queryId, CallerIdentity identity, String floeCatalog, List<ActionCheck> checks) {
    long now = nanoTime.getAsLong();
    Map<ActionCheck, ActionDecision> decided = new LinkedHashMap<>();
    Set<ActionCheck> asked = new LinkedHashSet<>();
    for (ActionCheck check : checks) {
      CheckKey key = new CheckKey(identity.user(), identity.groups(), floeCatalog, check);
      HeldDecision held = queryId == null ? null : queryDecisions.get(new QueryCheckKey(queryId, key));
      if (held == null) {
        HeldDecision cached = sharedDecisions.get(key);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
          held = cached;
          if (queryId != null) {
            queryDecisions.put(new QueryCheckKey(queryId, key), new HeldDecision(cached.decision(), now, Long.MAX_VALUE));
          }
        }
      }
      if (held != null) {
        decided.put(check, held.decision());
      } else {
        asked.add(check);
      }
    }
    List<ActionCheck> missing = List.copyOf(asked);
    if (!missing.isEmpty()) {
      calls.incrementAndGet();
      EvaluationResponse response = evaluations.evaluate(new EvaluationRequest(identity, floeCatalog, List.of(), missing));
      if (response.checks().size() != missing.size()) {
        throw new PolicyServiceUnavailableException(
            "Floe answered %d checks for %d asked".formatted(response.checks().size(), missing.size()));
      }
      long answeredAt = nanoTime.getAsLong();
      long ttl = Math.min(maxTtlNanos, Duration.ofSeconds(response.cacheTtlSeconds()).toNanos());
      if (sharedDecisions.size() >= maxEntries || queryDecisions.size() >= maxEntries) {
        sharedDecisions.clear();
        queryDecisions.clear();
      }
      for (int i = 0; i < missing.size(); i++) {
        ActionCheck check = missing.get(i);
        ActionDecision decision = response.checks().get(i);
        CheckKey key = new CheckKey(identity.user(), identity.groups(), floeCatalog, check);
        if (ttl > 0) {
          sharedDecisions.put(key, new HeldDecision(decision, answeredAt, answeredAt + ttl));
        }
        if (queryId != null) {
          queryDecisions.put(new QueryCheckKey(queryId, key), new HeldDecision(decision, answeredAt, Long.MAX_VALUE));
        }
        decided.put(check, decision);
      }
    }
    return checks.stream().map(decided::get).toList();
  }

  /** Forgets every answer (Floe's policies changed and waiting for the TTL is not wanted). */
  public void invalidateAll() {
    shared.clear();
    perQuery.clear();
    sharedDecisions.clear();
    queryDecisions.clear();
  }

  /** Calls made to Floe so far. */
  public long evaluationCalls() {
    return calls.get();
  }

  /** Tables asked of Floe so far, over all calls. */
  public long tablesEvaluated() {
    return tablesAsked.get();
  }

  private static TableKey key(CallerIdentity identity, String floeCatalog, SchemaTableName table) {
    return new TableKey(identity.user(), identity.groups(), floeCatalog, table.getSchemaName(), table.getTableName());
  }
}
