package dev.floe.catalog.governance;

import static java.util.Objects.requireNonNull;

import dev.floe.policy.governance.TagAssignment;
import java.time.Instant;

/** A stored tag assignment with who made it and when. */
public record AssignmentRecord(TagAssignment assignment, String assignedBy, Instant assignedAt) {
  public AssignmentRecord {
    requireNonNull(assignment, "assignment is null");
    requireNonNull(assignedBy, "assignedBy is null");
    requireNonNull(assignedAt, "assignedAt is null");
  }

  public String catalog() {
    return assignment.securable().catalogName();
  }
}
