package dev.floe.catalog.auth;

import dev.floe.audit.AuditSink;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * TEMPORARY, while the PostgreSQL audit sink is being built: a log-only audit sink, a default
 * bean replaced as soon as the real one exists; this class is deleted then. (The grant store is
 * {@code dev.floe.catalog.access.PostgresAccessStore}.)
 */
@ApplicationScoped
public class Placeholders {
  private static final Logger LOG = Logger.getLogger("dev.floe.audit");

  @Produces
  @Singleton
  @DefaultBean
  AuditSink logAuditSink() {
    return event -> LOG.debug(event);
  }
}
