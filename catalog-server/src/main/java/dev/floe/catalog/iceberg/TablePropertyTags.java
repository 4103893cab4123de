package dev.floe.catalog.iceberg;

import dev.floe.policy.Securable;
import dev.floe.policy.SecurableType;
import dev.floe.policy.TagSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;

/**
 * The interim source of classification tags: a table's property {@value #PROPERTY}
 * (comma-separated, e.g. {@code confidential,pii.email}). Only tables carry tags so far; the
 * governance model replaces this source.
 */
@ApplicationScoped
public class TablePropertyTags implements TagSource {
  /** Table property holding a table's classification tags. */
  public static final String PROPERTY = "floe.tags";

  private final CatalogRegistry registry;

  @Inject
  public TablePropertyTags(CatalogRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Set<String> tagsOf(Securable securable) {
    if (securable.type() != SecurableType.TABLE) {
      return Set.of();
    }
    TableIdentifier table =
        TableIdentifier.of(Namespace.of(securable.namespaceLevels().toArray(String[]::new)), securable.name());
    try {
      return of(registry.catalog(securable.catalogName()).currentMetadata(table));
    } catch (NoSuchTableException e) {
      // a commit or purge of a missing table fails as such
      return Set.of();
    }
  }

  /** The tags in a table's metadata. */
  public static Set<String> of(TableMetadata metadata) {
    String value = metadata.properties().get(PROPERTY);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    Set<String> tags = new TreeSet<>();
    for (String tag : value.split(",")) {
      if (!tag.isBlank()) {
        tags.add(tag.trim());
      }
    }
    return tags;
  }
}
