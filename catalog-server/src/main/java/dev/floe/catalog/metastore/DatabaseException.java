package dev.floe.catalog.metastore;

import java.sql.SQLException;

/**
 * A statement PostgreSQL refused, or a connection that failed; a fault of ours or an outage, never
 * a client's (a 500). The failures a store reacts to have their own type, by SQLState.
 */
public class DatabaseException extends RuntimeException {
  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";
  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String LOCK_NOT_AVAILABLE = "55P03";

  private final String sqlState;

  DatabaseException(SQLException cause) {
    super("Database statement failed (SQLState " + cause.getSQLState() + "): " + cause.getMessage(), cause);
    this.sqlState = cause.getSQLState();
  }

  /** The typed exception for {@code cause}'s SQLState. */
  public static DatabaseException of(SQLException cause) {
    String state = cause.getSQLState();
    if (state == null) {
      return new DatabaseException(cause);
    }
    return switch (state) {
      case UNIQUE_VIOLATION -> new UniqueViolation(cause);
      case FOREIGN_KEY_VIOLATION -> new ForeignKeyViolation(cause);
      case SERIALIZATION_FAILURE -> new SerializationFailure(cause);
      case LOCK_NOT_AVAILABLE -> new LockNotAvailable(cause);
      default -> new DatabaseException(cause);
    };
  }

  /** The SQLState PostgreSQL answered with; null when the driver gave none. */
  public String sqlState() {
    return sqlState;
  }

  /** A row with the same unique key exists (23505). */
  public static final class UniqueViolation extends DatabaseException {
    UniqueViolation(SQLException cause) {
      super(cause);
    }
  }

  /** A referenced row does not exist (any more), or a referencing row still does (23503). */
  public static final class ForeignKeyViolation extends DatabaseException {
    ForeignKeyViolation(SQLException cause) {
      super(cause);
    }
  }

  /** A serializable transaction lost to a concurrent one; retrying may succeed (40001). */
  public static final class SerializationFailure extends DatabaseException {
    SerializationFailure(SQLException cause) {
      super(cause);
    }
  }

  /** A lock asked for with {@code NOWAIT} or under {@code lock_timeout} is held by another (55P03). */
  public static final class LockNotAvailable extends DatabaseException {
    LockNotAvailable(SQLException cause) {
      super(cause);
    }
  }
}
