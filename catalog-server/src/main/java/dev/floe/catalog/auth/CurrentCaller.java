package dev.floe.catalog.auth;

import jakarta.enterprise.context.RequestScoped;
import org.apache.iceberg.exceptions.NotAuthorizedException;

/**
 * The caller of the current request, set by {@link AuthenticationFilter} before any resource
 * method runs. Reading it in a request that was not authenticated fails closed with a 401.
 */
@RequestScoped
public class CurrentCaller {
  private Caller caller;

  void set(Caller authenticated) {
    this.caller = authenticated;
  }

  public Caller get() {
    if (caller == null) {
      throw new NotAuthorizedException("Not authenticated");
    }
    return caller;
  }

  public boolean isPresent() {
    return caller != null;
  }
}
