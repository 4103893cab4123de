package dev.floe.policy;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a grant allows, in the spirit of Apache Polaris.
 *
 * <p>Every privilege is <em>about</em> one kind of object (its {@link #subject()}): the catalog
 * itself, namespaces, tables or views. It can be granted on an object of that kind or on any
 * container above it ({@link #isGrantableOn}), and a grant on a container applies to everything
 * inside it: {@code TABLE_READ_DATA} on namespace {@code sales} lets the grantee read every table
 * in {@code sales} and in the namespaces nested below it; on the catalog, every table in the
 * catalog.
 *
 * <h2>Implication</h2>
 *
 * A privilege implies others ({@link #implied()} is the closure, the privilege itself included):
 *
 * <ul>
 *   <li>{@code CATALOG_MANAGE_CONTENT} implies every privilege except {@code
 *       CATALOG_MANAGE_ACCESS} and {@code CATALOG_MANAGE_POLICIES}: catalog properties and every
 *       namespace, table and view privilege.
 *   <li>Each {@code *_WRITE_PROPERTIES} implies the matching {@code *_READ_PROPERTIES}.
 *   <li>{@code TABLE_WRITE_DATA} implies {@code TABLE_READ_DATA}, which implies {@code
 *       TABLE_READ_PROPERTIES} (reading data needs the table's metadata). Writing data does
 *       <em>not</em> imply {@code TABLE_WRITE_PROPERTIES}: changing the schema, partitioning or
 *       properties is a separate privilege.
 *   <li>{@code CATALOG_MANAGE_ACCESS} (grant and revoke, manage catalog roles) implies nothing
 *       else: managing access is not using the data.
 *   <li>{@code CATALOG_MANAGE_POLICIES} (tag assignments, row filters and column masks of the
 *       catalog) implies nothing else, and nothing implies it: who may change a table's schema or
 *       properties ({@code TABLE_WRITE_PROPERTIES}, even {@code CATALOG_MANAGE_CONTENT}) may not
 *       change who sees which rows and columns of it.
 *   <li>Listing, creating and dropping imply nothing else.
 * </ul>
 *
 * <h2>Visibility</h2>
 *
 * A privilege held on an object also makes objects visible to the grantee (see {@link
 * #revealedTypes()}); visibility decides between "forbidden" and "not found" and what listings
 * show.
 */
public enum Privilege {
  CATALOG_MANAGE_ACCESS(SecurableType.CATALOG),
  CATALOG_MANAGE_CONTENT(SecurableType.CATALOG),
  CATALOG_MANAGE_POLICIES(SecurableType.CATALOG),
  CATALOG_READ_PROPERTIES(SecurableType.CATALOG),
  CATALOG_WRITE_PROPERTIES(SecurableType.CATALOG),

  NAMESPACE_CREATE(SecurableType.NAMESPACE),
  NAMESPACE_LIST(SecurableType.NAMESPACE),
  NAMESPACE_DROP(SecurableType.NAMESPACE),
  NAMESPACE_READ_PROPERTIES(SecurableType.NAMESPACE),
  NAMESPACE_WRITE_PROPERTIES(SecurableType.NAMESPACE),

  TABLE_CREATE(SecurableType.TABLE),
  TABLE_LIST(SecurableType.TABLE),
  TABLE_READ_DATA(SecurableType.TABLE),
  TABLE_WRITE_DATA(SecurableType.TABLE),
  TABLE_READ_PROPERTIES(SecurableType.TABLE),
  TABLE_WRITE_PROPERTIES(SecurableType.TABLE),
  TABLE_DROP(SecurableType.TABLE),

  VIEW_CREATE(SecurableType.VIEW),
  VIEW_LIST(SecurableType.VIEW),
  VIEW_READ_PROPERTIES(SecurableType.VIEW),
  VIEW_WRITE_PROPERTIES(SecurableType.VIEW),
  VIEW_DROP(SecurableType.VIEW);

  private static final Map<Privilege, Set<Privilege>> IMPLIED = impliedClosure();
  private static final Map<Privilege, Set<SecurableType>> REVEALED = revealedClosure();

  private final SecurableType subject;

  Privilege(SecurableType subject) {
    this.subject = subject;
  }

  /** The kind of object this privilege is about. */
  public SecurableType subject() {
    return subject;
  }

  /**
   * Whether this privilege can be granted on an object of {@code type}: on an object of its
   * subject type or on any container above it. Creating and listing are about the contents of a
   * container, so {@code *_CREATE} and {@code *_LIST} are granted on a catalog or namespace only.
   */
  public boolean isGrantableOn(SecurableType type) {
    requireNonNull(type, "type is null");
    return switch (this) {
      case CATALOG_MANAGE_ACCESS,
          CATALOG_MANAGE_CONTENT,
          CATALOG_MANAGE_POLICIES,
          CATALOG_READ_PROPERTIES,
          CATALOG_WRITE_PROPERTIES ->
          type == SecurableType.CATALOG;
      case NAMESPACE_CREATE,
          NAMESPACE_LIST,
          NAMESPACE_DROP,
          NAMESPACE_READ_PROPERTIES,
          NAMESPACE_WRITE_PROPERTIES,
          TABLE_CREATE,
          TABLE_LIST,
          VIEW_CREATE,
          VIEW_LIST ->
          type.isContainer();
      case TABLE_READ_DATA,
          TABLE_WRITE_DATA,
          TABLE_READ_PROPERTIES,
          TABLE_WRITE_PROPERTIES,
          TABLE_DROP ->
          type.isContainer() || type == SecurableType.TABLE;
      case VIEW_READ_PROPERTIES, VIEW_WRITE_PROPERTIES, VIEW_DROP ->
          type.isContainer() || type == SecurableType.VIEW;
    };
  }

  /** This privilege and every privilege it implies, transitively. */
  public Set<Privilege> implied() {
    return IMPLIED.get(this);
  }

  /** Whether holding this privilege is enough for {@code required}. */
  public boolean implies(Privilege required) {
    return IMPLIED.get(this).contains(requireNonNull(required, "required is null"));
  }

  /**
   * The kinds of object below the grant's securable that this privilege (with everything it
   * implies) makes visible to the grantee. A namespace privilege reveals the namespaces below; a
   * table privilege the namespaces and tables below; a view privilege the namespaces and views
   * below; a catalog privilege nothing below the catalog, except {@code CATALOG_MANAGE_CONTENT},
   * which implies every content privilege and so reveals everything.
   */
  public Set<SecurableType> revealedTypes() {
    return REVEALED.get(this);
  }

  private Set<Privilege> directlyImplied() {
    return switch (this) {
      case CATALOG_MANAGE_CONTENT ->
          EnumSet.complementOf(EnumSet.of(CATALOG_MANAGE_ACCESS, CATALOG_MANAGE_POLICIES));
      case CATALOG_WRITE_PROPERTIES -> EnumSet.of(CATALOG_READ_PROPERTIES);
      case NAMESPACE_WRITE_PROPERTIES -> EnumSet.of(NAMESPACE_READ_PROPERTIES);
      case TABLE_WRITE_PROPERTIES -> EnumSet.of(TABLE_READ_PROPERTIES);
      case TABLE_WRITE_DATA -> EnumSet.of(TABLE_READ_DATA);
      case TABLE_READ_DATA -> EnumSet.of(TABLE_READ_PROPERTIES);
      case VIEW_WRITE_PROPERTIES -> EnumSet.of(VIEW_READ_PROPERTIES);
      case CATALOG_MANAGE_ACCESS,
          CATALOG_MANAGE_POLICIES,
          CATALOG_READ_PROPERTIES,
          NAMESPACE_CREATE,
          NAMESPACE_LIST,
          NAMESPACE_DROP,
          NAMESPACE_READ_PROPERTIES,
          TABLE_CREATE,
          TABLE_LIST,
          TABLE_READ_PROPERTIES,
          TABLE_DROP,
          VIEW_CREATE,
          VIEW_LIST,
          VIEW_READ_PROPERTIES,
          VIEW_DROP ->
          EnumSet.noneOf(Privilege.class);
    };
  }

  private Set<SecurableType> directlyRevealed() {
    return switch (subject) {
      case CATALOG -> EnumSet.noneOf(SecurableType.class);
      case NAMESPACE -> EnumSet.of(SecurableType.NAMESPACE);
      case TABLE -> EnumSet.of(SecurableType.NAMESPACE, SecurableType.TABLE);
      case VIEW -> EnumSet.of(SecurableType.NAMESPACE, SecurableType.VIEW);
    };
  }

  private static Map<Privilege, Set<Privilege>> impliedClosure() {
    Map<Privilege, Set<Privilege>> closure = new EnumMap<>(Privilege.class);
    for (Privilege privilege : values()) {
      EnumSet<Privilege> reached = EnumSet.of(privilege);
      EnumSet<Privilege> frontier = EnumSet.of(privilege);
      while (!frontier.isEmpty()) {
        EnumSet<Privilege> next = EnumSet.noneOf(Privilege.class);
        for (Privilege current : frontier) {
          for (Privilege implied : current.directlyImplied()) {
            if (reached.add(implied)) {
              next.add(implied);
            }
          }
        }
        frontier = next;
      }
      closure.put(privilege, Collections.unmodifiableSet(reached));
    }
    return closure;
  }

  private static Map<Privilege, Set<SecurableType>> revealedClosure() {
    Map<Privilege, Set<SecurableType>> revealed = new EnumMap<>(Privilege.class);
    for (Privilege privilege : values()) {
      EnumSet<SecurableType> types = EnumSet.noneOf(SecurableType.class);
      for (Privilege implied : IMPLIED.get(privilege)) {
        types.addAll(implied.directlyRevealed());
      }
      revealed.put(privilege, Collections.unmodifiableSet(types));
    }
    return revealed;
  }
}
