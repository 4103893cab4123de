package dev.floe.cli;

/** Floe answered an error: its HTTP status and the message it gave. */
public final class ServerException extends CliException {
  private final int status;

  public ServerException(int status, String message) {
    super("HTTP " + status + ": " + message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
