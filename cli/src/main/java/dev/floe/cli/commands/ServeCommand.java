package dev.floe.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code floe serve}: documented here so that it shows in the usage; the {@code ./floe} launcher
 * runs the server itself and never passes {@code serve} to the command line.
 */
@Command(
    name = "serve",
    description = {
      "Run the Floe server (the same as ./floe without arguments; --rebuild builds it again first).",
      "With no database configured: the embedded default, PostgreSQL and a warehouse under ./floe-data (FLOE_DATA_DIR),"
          + " on 127.0.0.1:8181 (QUARKUS_HTTP_HOST, QUARKUS_HTTP_PORT)."
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("Error: the server is started by the launcher: run ./floe serve");
    return 2;
  }
}
