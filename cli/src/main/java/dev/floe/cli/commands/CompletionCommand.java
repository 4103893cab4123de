package dev.floe.cli.commands;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code floe completion}: the bash (and zsh) completion script of every command. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print the completion script for bash and zsh",
    footer = {
      "Load it with:  source <(./floe completion)",
      "It completes the command 'floe': put ./floe on your PATH, or alias floe=\"$PWD/floe\"."
    })
public final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("floe", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
