package dev.floe.catalog.rest;

import dev.floe.policy.Operation;
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

  public RemoteSignResponse sign(FloeCatalog catalog, TableIdentifier identifier, RemoteSignRequest request) {
    S3Settings settings =
        catalog
            .storage()
            .s3()
            .orElseThrow(
                () ->
                    new BadRequestException(
                        "Catalog %s keeps its files on the server's file system, not in S3: there is nothing to sign",
                        catalog.name()));
    TableMetadata metadata = catalog.currentMetadata(identifier);
    String table = catalog.name() + "." + identifier;
    S3RequestAuthorization.Decision decision;
    try {
      decision = new S3RequestAuthorization(settings, TableLocations.of(metadata), table).check(request);
    } catch (ForbiddenException e) {
      // fail closed, and say so: a refused signature is a client reaching outside its table
      LOG.warnf("Refused to sign %s %s: %s", request.method(), request.uri(), e.getMessage());
      throw e;
    }
    authorize(catalog, identifier, decision.access());
    return S3RequestSigner.sign(request, decision, settings, catalog.storage().s3Credentials());
  }

  /**
   * Where the caller's privilege on the table is checked: {@link StorageAccess#READ} needs read
   * access to the table's data, {@link StorageAccess#WRITE} write access. Floe has no
   * authentication yet (the identity issue): every caller may do both, and only the path check
   * above applies. The identity issue replaces this with the {@code Authorizer} call for
   * {@link Operation#SIGN_STORAGE_REQUEST} on the table, failing closed.
   */
  void authorize(FloeCatalog catalog, TableIdentifier identifier, StorageAccess access) {
    // no principal to check until identity lands
  }
}
