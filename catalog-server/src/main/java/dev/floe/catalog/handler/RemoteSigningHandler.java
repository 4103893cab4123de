package dev.floe.catalog.handler;

import dev.floe.catalog.iceberg.FloeCatalog;
import dev.floe.catalog.storage.S3RequestAuthorization;
import dev.floe.catalog.storage.S3RequestSigner;
import dev.floe.catalog.storage.S3Settings;
import dev.floe.catalog.storage.StorageAccess;
import dev.floe.catalog.storage.TableLocations;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.rest.requests.RemoteSignRequest;
import org.apache.iceberg.rest.responses.RemoteSignResponse;
import org.jboss.logging.Logger;

/**
 * The sign endpoint of remote signing ({@code Endpoint.V1_TABLE_REMOTE_SIGN}): checks that an S3
 * request of a client touches only the table's own files, then signs it with the catalog's keys.
 */
@ApplicationScoped
public class RemoteSigningHandler {
  private static final Logger LOG = Logger.getLogger(RemoteSigningHandler.class);

  /** The catalog's S3 settings; 400 for a catalog whose files are not in S3 (nothing to sign). */
  public S3Settings settings(FloeCatalog catalog) {
    return catalog
        .storage()
        .s3()
        .orElseThrow(
            () ->
                new BadRequestException(
                    "Catalog %s keeps its files on the server's file system, not in S3: there is nothing to sign",
                    catalog.name()));
  }

  /** Signs {@code request} if it touches only the files of the table whose current metadata is given. */
  public RemoteSignResponse sign(
      FloeCatalog catalog,
      TableIdentifier identifier,
      TableMetadata metadata,
      RemoteSignRequest request,
      boolean writeAuthorized) {
    S3Settings settings = settings(catalog);
    String table = catalog.name() + "." + identifier;
    S3RequestAuthorization.Decision decision;
    try {
      decision = new S3RequestAuthorization(settings, TableLocations.of(metadata), table).check(request);
    } catch (ForbiddenException e) {
      // fail closed, and say so: a refused signature is a client reaching outside its table
      LOG.warnf("Refused to sign %s %s: %s", request.method(), request.uri(), e.getMessage());
      throw e;
    }
    checkAccess(request, decision.access(), writeAuthorized);
    return S3RequestSigner.sign(request, decision, settings, catalog.storage().s3Credentials());
  }

  /**
   * The caller's privilege was checked by the resource before anything was looked at (READ_DATA
   * for GET/HEAD, WRITE_DATA otherwise); this makes sure the path check's view of the request
   * needs no more than that.
   */
  private static void checkAccess(RemoteSignRequest request, StorageAccess access, boolean writeAuthorized) {
    if (access == StorageAccess.WRITE && !writeAuthorized) {
      throw new ForbiddenException("Forbidden: %s %s writes, and only reading was authorized", request.method(), request.uri());
    }
  }
}
