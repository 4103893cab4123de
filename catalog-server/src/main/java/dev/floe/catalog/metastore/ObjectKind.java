package dev.floe.catalog.metastore;

/** What a catalog object is. Tables and views share one name space per Iceberg namespace. */
public enum ObjectKind {
  TABLE,
  VIEW
}
