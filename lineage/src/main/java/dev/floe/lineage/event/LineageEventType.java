package dev.floe.lineage.event;

/** The state of a run an OpenLineage run event reports (the spec's {@code eventType}). */
public enum LineageEventType {
  START,
  RUNNING,
  COMPLETE,
  ABORT,
  FAIL,
  OTHER
}
