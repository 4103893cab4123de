package dev.floe.audit.chain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code scripts/audit-verify.sh}: verifies the audit chain straight from PostgreSQL, without the
 * server. Exit status 0 when every record and checkpoint verifies, 1 when verification found a
 * problem, 2 on bad arguments or when the database cannot be read.
 *
 * <pre>
 * audit-verify --jdbc-url jdbc:postgresql://host/floe --user floe --public-key audit-checkpoint-key.pub.pem
 *              [--checkpoints-file audit-checkpoints.jsonl]
 * </pre>
 *
 * The password comes from the environment ({@code PGPASSWORD}), never from the command line.
 */
public final class VerifyChainCommand {
  private VerifyChainCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String url = null;
    String user = null;
    List<PublicKey> keys = new ArrayList<>();
    List<Checkpoint> external = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args[++i];
        switch (option) {
          case "--jdbc-url" -> url = value;
          case "--user" -> user = value;
          case "--public-key" -> keys.add(CheckpointKeys.readPublic(Files.readString(Path.of(value))));
          case "--checkpoints-file" -> external.addAll(CheckpointLog.read(Path.of(value)));
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      if (url == null) {
        throw new IllegalArgumentException("--jdbc-url is required");
      }
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("--public-key is required (the checkpoint key's public half, kept outside the database)");
      }
    } catch (IllegalArgumentException | IOException e) {
      err.println("audit-verify: " + e.getMessage());
      err.println("usage: audit-verify --jdbc-url URL [--user NAME] --public-key FILE... [--checkpoints-file FILE]  (password from PGPASSWORD)");
      return 2;
    }
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    String password = System.getenv("PGPASSWORD");
    if (password != null) {
      properties.setProperty("password", password);
    }
    VerificationReport report;
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      report = StoredChain.verify(connection, keys, external);
    } catch (SQLException e) {
      err.println("audit-verify: cannot read the audit chain: " + e.getMessage());
      return 2;
    }
    out.println(report.summary());
    for (ChainProblem problem : report.problems()) {
      out.printf("  %s at %d: %s%n", problem.kind(), problem.sequence(), problem.message());
    }
    out.printf("Verified %d records in %d ms%n", report.records(), report.elapsed().toMillis());
    return report.verified() ? 0 : 1;
  }
}
