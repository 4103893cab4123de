package dev.floe.policy;

/**
 * What a table commit ({@link Operation#UPDATE_TABLE}, {@link Operation#COMMIT_TRANSACTION})
 * changes; decides which write privilege the commit needs on that table.
 */
public enum TableChange {
  /**
   * The table's definition: schema, partition spec, sort order, properties, location, format
   * version, statistics. Needs {@link Privilege#TABLE_WRITE_PROPERTIES}.
   */
  METADATA,
  /**
   * The table's data: adding or removing snapshots, moving branch and tag references. Needs
   * {@link Privilege#TABLE_WRITE_DATA}.
   */
  DATA
}
