package dev.floe.policy.pii;

/** Judges whether a column holds one kind of personal data. */
public interface PiiDetector {
  PiiKind kind();

  /** The verdict for this kind, with a confidence of 0 when nothing points to it. */
  Proposal detect(Column column);
}
