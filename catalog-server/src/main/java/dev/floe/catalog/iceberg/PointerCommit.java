package dev.floe.catalog.iceberg;

import dev.floe.catalog.metastore.CatalogRecord;
import dev.floe.catalog.metastore.Metastore;
import dev.floe.catalog.metastore.ObjectKind;
import org.apache.iceberg.catalog.TableIdentifier;
import dev.floe.catalog.metastore.StorageClaim;
import java.util.List;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.io.FileIO;
import org.jboss.logging.Logger;

/**
 * The commit of a table or view: register the new metadata file (a new object), or swap the
 * pointer from the base's file to it with compare-and-swap; zero rows swapped is a {@link
 * CommitFailedException}. A file this commit wrote is deleted when the commit surely failed, and
 * kept when the outcome is unknown (a database error after the statement was sent).
 */
final class PointerCommit {
  private static final Logger LOG = Logger.getLogger(PointerCommit.class);

  private PointerCommit() {}

  static void commit(
      Metastore metastore,
      CatalogRecord catalog,
      TableIdentifier identifier,
      ObjectKind kind,
      String baseMetadataLocation,
      String newMetadataLocation,
      boolean newFileWrittenHere,
      String location,
      List<StorageClaim> claims,
      boolean structured,
      FileIO io) {
    boolean failed = true;
    try {
      boolean swapped;
      if (baseMetadataLocation == null) {
        metastore.createObject(catalog.id(), identifier, kind, newMetadataLocation, location, claims, structured);
        swapped = true;
      } else if (claims.isEmpty()) {
        swapped = metastore.swapMetadataLocation(
            catalog.id(), identifier, kind, baseMetadataLocation, newMetadataLocation, location);
      } else {
        swapped = metastore.swapMetadataLocationClaiming(
            catalog.id(), identifier, kind, baseMetadataLocation, newMetadataLocation, location, claims, structured);
      }
      if (!swapped) {
        throw new CommitFailedException(
            "Cannot commit %s: its metadata location is no longer %s (another commit came first)",
            identifier, baseMetadataLocation);
      }
      failed = false;
    } catch (CommitFailedException
        | AlreadyExistsException
        | NoSuchNamespaceException
        | ForbiddenException
        | BadRequestException e) {
      // refused before anything changed
      throw e;
    } catch (RuntimeException e) {
      // the database may or may not have applied the change: never clean up in this case
      failed = false;
      throw new CommitStateUnknownException(e);
    } finally {
      if (failed && newFileWrittenHere) {
        try {
          io.deleteFile(newMetadataLocation);
        } catch (RuntimeException e) {
          LOG.warnf(e, "Could not delete uncommitted metadata file %s", newMetadataLocation);
        }
      }
    }
  }
}
