package dev.floe.catalog.iceberg;

import org.apache.iceberg.Schema;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewVersion;

/**
 * Estimates of the heap that parsed metadata takes, by what it holds, for the metadata cache's
 * budget in bytes. Calibrated against heap histograms of parsed metadata (a snapshot with its
 * summary about 1.2 kB, a schema field about 200 bytes); an estimate, not a measurement.
 */
final class MetadataWeights {
  private static final int BASE = 4_096;
  private static final int PER_SNAPSHOT = 1_200;
  private static final int PER_LOG_ENTRY = 160;
  private static final int PER_FIELD = 200;
  private static final int PER_PROPERTY = 160;
  private static final int PER_SPEC_OR_ORDER = 400;

  private MetadataWeights() {}

  static long table(TableMetadata metadata) {
    long bytes = BASE;
    bytes += (long) metadata.snapshots().size() * PER_SNAPSHOT;
    bytes += (long) (metadata.snapshotLog().size() + metadata.previousFiles().size()) * PER_LOG_ENTRY;
    for (Schema schema : metadata.schemas()) {
      bytes += fields(schema);
    }
    bytes += (long) (metadata.specs().size() + metadata.sortOrders().size() + metadata.refs().size()) * PER_SPEC_OR_ORDER;
    bytes += (long) metadata.properties().size() * PER_PROPERTY;
    return bytes;
  }

  static long view(ViewMetadata metadata) {
    long bytes = BASE;
    for (ViewVersion version : metadata.versions()) {
      bytes += PER_SNAPSHOT + version.representations().size() * 1_024L;
    }
    for (Schema schema : metadata.schemas()) {
      bytes += fields(schema);
    }
    bytes += (long) (metadata.history().size() + metadata.changes().size()) * PER_LOG_ENTRY;
    bytes += (long) metadata.properties().size() * PER_PROPERTY;
    return bytes;
  }

  /** Every field, nested ones too, counted by the highest field id (no index is built). */
  private static long fields(Schema schema) {
    return (long) Math.max(schema.columns().size(), schema.highestFieldId()) * PER_FIELD;
  }
}
