package dev.floe.catalog.storage;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;

/**
 * The locations a table's files may be at: its location, plus the paths its properties name for
 * data and metadata files. Signed storage requests and purges stay inside them.
 */
public final class TableLocations {
  /** Table-property keys naming where Iceberg writers put files. */
  public static final List<String> PATH_PROPERTIES =
      List.of(
          TableProperties.WRITE_DATA_LOCATION,
          TableProperties.WRITE_METADATA_LOCATION,
          TableProperties.OBJECT_STORE_PATH,
          TableProperties.WRITE_FOLDER_STORAGE_LOCATION);

  private TableLocations() {}

  /** The normalized roots of {@code metadata}'s files, the table location first. */
  public static List<String> of(TableMetadata metadata) {
    List<String> roots = new ArrayList<>();
    roots.add(LocationPolicy.normalize(metadata.location(), "table location"));
    for (String property : PATH_PROPERTIES) {
      String path = metadata.property(property, null);
      if (path != null && !path.isBlank()) {
        String root = LocationPolicy.normalize(path, "table property " + property);
        if (!roots.contains(root)) {
          roots.add(root);
        }
      }
    }
    return List.copyOf(roots);
  }

  /** Whether the normalized {@code location} lies at or under one of {@code roots}. */
  public static boolean contains(List<String> roots, String location) {
    for (String root : roots) {
      if (LocationPolicy.isAtOrUnder(location, root)) {
        return true;
      }
    }
    return false;
  }
}
