package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.access.PostgresAccessStore;
import dev.floe.catalog.access.PrincipalEntry;
import dev.floe.catalog.auth.AuthConfig;
import dev.floe.catalog.auth.Caller;
import dev.floe.policy.Principal;
import dev.floe.policy.PrincipalContext;
import dev.floe.policy.governance.api.CallerIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.jboss.logging.Logger;

/**
 * Who an evaluation is for, and whether the caller may ask about them.
 *
 * <p>Anyone may ask about itself: the answer is then for the caller as authenticated (its active
 * principal roles, its token's groups), whatever groups or roles the request names. Only trusted
 * engines (members of a {@code trusted-engine} principal role) and service administrators may ask
 * about another identity; that identity's principal roles are the ones Floe knows for the user
 * name plus those its groups map to (as the request gives them, with {@code
 * floe.auth.oidc.group-role-prefix}), as {@code Authenticator} resolves a person's token. The
 * principal roles a request names are ignored: Floe resolves them.
 */
@ApplicationScoped
public class EvaluationIdentities {
  private static final Logger LOG = Logger.getLogger(EvaluationIdentities.class);

  /** The principal and role lookups the rules need. */
  interface Directory {
    Optional<PrincipalEntry> principal(String name);

    boolean anyTrustedEngine(Collection<String> principalRoles);

    boolean anyServiceAdministrator(Collection<String> principalRoles);
  }

  /**
   * An identity as evaluations see it.
   *
   * @param identity what audiences of policies are matched against
   * @param context what the authorizer decides select with
   */
  public record Evaluated(CallerIdentity identity, PrincipalContext context) {
    public Evaluated {
      requireNonNull(identity, "identity is null");
      requireNonNull(context, "context is null");
    }
  }

  private final Directory directory;
  private final String groupRolePrefix;

  @Inject
  public EvaluationIdentities(PostgresAccessStore store, AuthConfig config) {
    this(
        new Directory() {
          @Override
          public Optional<PrincipalEntry> principal(String name) {
            return store.principal(name);
          }

          @Override
          public boolean anyTrustedEngine(Collection<String> principalRoles) {
            return store.anyTrustedEngine(principalRoles);
          }

          @Override
          public boolean anyServiceAdministrator(Collection<String> principalRoles) {
            return store.anyServiceAdministrator(principalRoles);
          }
        },
        config.oidc().groupRolePrefix().orElse(""));
  }

  EvaluationIdentities(Directory directory, String groupRolePrefix) {
    this.directory = requireNonNull(directory, "directory is null");
    this.groupRolePrefix = requireNonNull(groupRolePrefix, "groupRolePrefix is null");
  }

  /** Whether the caller acts as a trusted engine (one of its active principal roles is one). */
  public boolean isTrustedEngine(Caller caller) {
    return directory.anyTrustedEngine(caller.context().principalRoles());
  }

  /** Whether the caller may speak for other identities: a trusted engine or a service administrator. */
  public boolean speaksForOthers(Caller caller) {
    Set<String> roles = caller.context().principalRoles();
    return directory.anyTrustedEngine(roles) || directory.anyServiceAdministrator(roles);
  }

  /** The caller itself, as authenticated. */
  public Evaluated self(Caller caller) {
    PrincipalContext context = caller.context();
    return new Evaluated(new CallerIdentity(caller.name(), caller.groups(), context.principalRoles()), context);
  }

  /**
   * The identity a request asks about: the caller itself when it names the caller's user, else
   * the named user with the given groups, if the caller is a trusted engine or a service
   * administrator.
   *
   * @throws ForbiddenException when anyone else asks about another identity
   */
  public Evaluated asked(Caller caller, String user, Set<String> groups) {
    requireNonNull(user, "user is null");
    requireNonNull(groups, "groups is null");
    if (user.equals(caller.name())) {
      return self(caller);
    }
    if (!speaksForOthers(caller)) {
      LOG.warnf("Refused governance evaluation for %s asked by %s: not a trusted engine", user, caller.name());
      throw new ForbiddenException(
          "Forbidden: %s may only evaluate governance for itself, not for %s (only trusted engines and service administrators ask"
              + " on behalf of others)",
          caller.name(),
          user);
    }
    return resolve(user, groups);
  }

  /** A user with its groups: the principal roles Floe knows for the name and those of the groups. */
  Evaluated resolve(String user, Set<String> groups) {
    Optional<PrincipalEntry> known = directory.principal(user);
    Set<String> roles = new LinkedHashSet<>();
    groups.forEach(group -> roles.add(groupRolePrefix + group));
    known.ifPresent(entry -> roles.addAll(entry.principalRoles()));
    boolean disabled = known.map(PrincipalEntry::disabled).orElse(false);
    return new Evaluated(
        new CallerIdentity(user, groups, roles), new PrincipalContext(new Principal(user, disabled), roles));
  }
}
