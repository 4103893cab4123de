package dev.floe.catalog.metastore;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who claims storage prefixes, and the one rule that decides whether an owned prefix stands in
 * its way ({@link #conflictsWith}). The same rule serves every store.
 */
public sealed interface StorageClaimant {
  /**
   * Whether {@code existing} (a row of the ownership table, not expired) conflicts with {@code
   * claimed}, a prefix this claimant wants.
   */
  boolean conflictsWith(String claimed, OwnedPrefix existing);

  /**
   * A table or view, new ({@code objectId} null) or committing a change. Its own staged
   * reservation ({@code stagedPath}) never conflicts. {@code enclosingNamespaceIds} are its
   * namespace and that namespace's ancestors: with {@code structured} locations, the only
   * namespaces whose location may contain the object's prefixes.
   */
  record TableOrView(Long objectId, long catalogId, String stagedPath, Set<Long> enclosingNamespaceIds, boolean structured)
      implements StorageClaimant {
    public TableOrView {
      requireNonNull(stagedPath, "stagedPath is null");
      enclosingNamespaceIds = Set.copyOf(enclosingNamespaceIds);
    }

    @Override
    public boolean conflictsWith(String claimed, OwnedPrefix existing) {
      if (!StoragePrefixes.overlap(claimed, existing.prefix())) {
        return false;
      }
      return switch (existing.kind()) {
        case OBJECT -> !existing.objectId().equals(objectId);
        case STAGED -> !stagedPath.equals(existing.stagedPath());
        case PURGE -> true;
        // an object never holds a namespace's directory; inside one, only its own and its ancestors'
        case NAMESPACE ->
            !StoragePrefixes.strictlyContains(existing.prefix(), claimed)
                || (structured && !enclosingNamespaceIds.contains(existing.namespaceId()));
      };
    }
  }

  /**
   * A namespace setting its location: it may lie only inside its ancestors' locations, and
   * overlaps no table, view, staged table or purge.
   */
  record Namespace(Long namespaceId, Set<Long> ancestorIds) implements StorageClaimant {
    public Namespace {
      ancestorIds = Set.copyOf(ancestorIds);
    }

    @Override
    public boolean conflictsWith(String claimed, OwnedPrefix existing) {
      if (!StoragePrefixes.overlap(claimed, existing.prefix())) {
        return false;
      }
      return switch (existing.kind()) {
        case OBJECT, STAGED, PURGE -> true;
        case NAMESPACE ->
            !existing.namespaceId().equals(namespaceId)
                && !(ancestorIds.contains(existing.namespaceId())
                    && StoragePrefixes.strictlyContains(existing.prefix(), claimed));
      };
    }
  }
}
