package dev.floe.catalog.storage;

/** What a signed storage request does to a table's files: the privilege it needs. */
public enum StorageAccess {
  /** GET and HEAD of objects, listing under the table's location. */
  READ,
  /** PUT, POST and DELETE: new objects, multipart uploads, deletes. */
  WRITE
}
