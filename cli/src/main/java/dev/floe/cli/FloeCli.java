package dev.floe.cli;

import static java.util.Objects.requireNonNull;

import dev.floe.cli.commands.AuditCommand;
import dev.floe.cli.commands.CatalogRolesCommand;
import dev.floe.cli.commands.CatalogsCommand;
import dev.floe.cli.commands.CompletionCommand;
import dev.floe.cli.commands.ExplainCommand;
import dev.floe.cli.commands.GrantsCommand;
import dev.floe.cli.commands.NamespacesCommand;
import dev.floe.cli.commands.PrincipalRolesCommand;
import dev.floe.cli.commands.PrincipalsCommand;
import dev.floe.cli.commands.ServeCommand;
import dev.floe.cli.commands.TablesCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code floe}: the command line of Floe's management API, run by {@code ./floe <command>}. Exit
 * status 0 on success, 1 when Floe answered an error or could not be reached (one line on standard
 * error with the HTTP status and Floe's message), 2 on a usage error.
 */
@Command(
    name = "floe",
    mixinStandardHelpOptions = true,
    versionProvider = FloeCli.Version.class,
    description = {
      "Floe: an Apache Iceberg REST catalog with governance built in.",
      "",
      "Signs in with FLOE_TOKEN, or FLOE_CLIENT_ID and FLOE_CLIENT_SECRET, or a credential file (--credentials-file,"
          + " FLOE_CREDENTIALS_FILE, default floe-data/root-credentials: the embedded default's root principal)."
          + " Floe's address: --uri or FLOE_URI (default " + SignIn.DEFAULT_URI + ")."
    },
    footer = {"", "Run 'floe <command> --help' for a command's options."},
    subcommands = {
      ServeCommand.class,
      CatalogsCommand.class,
      NamespacesCommand.class,
      TablesCommand.class,
      PrincipalsCommand.class,
      PrincipalRolesCommand.class,
      CatalogRolesCommand.class,
      GrantsCommand.class,
      ExplainCommand.class,
      AuditCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class FloeCli implements Callable<Integer> {
  @Option(
      names = "--uri",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "Floe's base URL (default: FLOE_URI, else " + SignIn.DEFAULT_URI + ")")
  private String uri;

  @Option(
      names = "--credentials-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "A file with client_id= and client_secret= lines to sign in with (default: see above)")
  private Path credentialsFile;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE})")
  private OutputFormat output;

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final Transport transport;
  private final PrintWriter out;
  private FloeClient client;

  public FloeCli(Map<String, String> environment, Path workingDirectory, Transport transport, PrintWriter out) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory is null");
    this.transport = requireNonNull(transport, "transport is null");
    this.out = requireNonNull(out, "out is null");
  }

  public static void main(String... args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath(), new HttpTransport(), out, err));
  }

  /** Runs one command line; returns its exit status. */
  public static int run(
      String[] args, Map<String, String> environment, Path workingDirectory, Transport transport, PrintWriter out, PrintWriter err) {
    FloeCli cli = new FloeCli(environment, workingDirectory, transport, out);
    return commandLine(cli, out, err).execute(args);
  }

  /** The command line of {@code cli}, printing to {@code out} and {@code err}. */
  public static CommandLine commandLine(FloeCli cli, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(cli);
    // serve and completion call no server: the options of signing in and output are not theirs
    for (String local : List.of("serve", "completion")) {
      CommandSpec command = commandLine.getSubcommands().get(local).getCommandSpec();
      for (OptionSpec option : List.copyOf(command.options())) {
        if (option.inherited()) {
          command.remove(option);
        }
      }
    }
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          if (exception instanceof CliException) {
            err.println("Error: " + exception.getMessage());
          } else {
            err.println("Error: " + exception);
          }
          err.flush();
          return 1;
        });
    return commandLine;
  }

  /** {@code floe} alone: the usage, and status 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** The client of Floe this command line signs in with (signs in on its first request). */
  public FloeClient client() {
    if (client == null) {
      client = new FloeClient(SignIn.resolve(uri, credentialsFile, environment, workingDirectory), transport);
    }
    return client;
  }

  public Output output() {
    return new Output(output, out);
  }

  /** The version from the build (version.properties). */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"floe " + version()};
    }

    static String version() {
      Properties properties = new Properties();
      try (InputStream in = FloeCli.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        return "unknown";
      }
      return properties.getProperty("version", "unknown");
    }
  }
}
