package dev.floe.policy;

import java.util.List;

/**
 * Decides whether a caller may perform an operation; the server calls it before every operation
 * and maps the {@link Outcome} to the response (403 for deny, 404 for not found).
 *
 * <p>Two implementations give the same answers from the same grant data: the built-in {@code
 * RbacAuthorizer} and {@code OpaAuthorizer}, which asks an Open Policy Agent running Floe's Rego
 * bundle (and may add rules of its own, such as the sample rule on {@code confidential} tables).
 *
 * <h2>Resolution</h2>
 *
 * The caller's principal roles carry catalog roles; catalog roles hold grants; a grant of privilege
 * P on securable X gives P (and everything P {@linkplain Privilege#implied() implies}) on X and
 * on everything inside X. A disabled principal is denied everything.
 *
 * <h2>Visibility</h2>
 *
 * A securable S is visible to the caller when the caller holds, through any of its grants:
 *
 * <ul>
 *   <li>any privilege on S or on anything inside S (so the path to a granted object is visible),
 *       or
 *   <li>a privilege on a container above S whose {@linkplain Privilege#revealedTypes() revealed
 *       types} include S's type (a table privilege on a namespace reveals the tables in it), or
 *   <li>S is a catalog and the caller is a service administrator.
 * </ul>
 *
 * When an operation's requirement is not met, the outcome is {@link Outcome#NOT_FOUND} if the
 * securable of some unmet requirement is not visible, else {@link Outcome#DENY}. Neither depends
 * on whether the object exists, so neither leaks existence.
 */
public interface Authorizer {
  /**
   * Decides one operation.
   *
   * @param principal the caller and its active principal roles
   * @param operation what the caller asks for
   * @param targets what it acts on, in the order {@link Operation#requirements} documents (for a
   *     rename: source, then destination; for a create: the object to be created)
   * @return the decision; never throws for an authorization failure, and an implementation that
   *     cannot decide (policy engine down, malformed answer) returns a deny
   * @throws IllegalArgumentException when the targets do not fit the operation
   */
  Decision decide(PrincipalContext principal, Operation operation, List<Target> targets);

  /**
   * Keeps, of one page of a listing, the entries the caller may see, in one call.
   *
   * <p>An entry is kept when it is visible to the caller (see the class comment): holding {@code
   * TABLE_LIST} on a namespace shows every table in it; without it the caller sees only the tables
   * it holds some privilege on. The server first decides the listing operation itself on the
   * container, then filters each page.
   *
   * @param principal the caller and its active principal roles
   * @param listing a listing operation ({@link Operation#listedType()} is present)
   * @param candidates the page, all of the listed type
   * @return the visible candidates in their original order; empty when the caller is disabled or
   *     the implementation cannot decide
   * @throws IllegalArgumentException when the operation is not a listing or a candidate has the
   *     wrong type
   */
  List<Target> filter(PrincipalContext principal, Operation listing, List<Target> candidates);
}
