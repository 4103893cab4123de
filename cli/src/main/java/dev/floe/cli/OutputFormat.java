package dev.floe.cli;

/** How answers are printed: {@code table} for people, {@code json} (Floe's answer as it is) for scripts. */
public enum OutputFormat {
  table,
  json
}
