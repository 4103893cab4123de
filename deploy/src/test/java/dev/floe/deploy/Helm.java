package dev.floe.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The helm binary the build installed (scripts/install-deploy-tools.sh), run on charts/floe. */
final class Helm {
  static final YAMLMapper YAML = new YAMLMapper();
  /** go-installed helm reports Kubernetes 1.20 by default; the chart needs 1.27 or later */
  static final String KUBE_VERSION = "1.31.0";
  static final String RELEASE = "floe";
  static final String NAMESPACE = "lakehouse";

  private Helm() {}

  static Path repository() {
    return Path.of(requireNonNull(System.getProperty("floe.repository"), "floe.repository is not set"));
  }

  static Path chart() {
    return repository().resolve("charts/floe");
  }

  static Path example(String name) {
    return repository().resolve("charts/examples").resolve(name);
  }

  /** {@code helm template} of charts/floe with these values files and {@code --set} pairs. */
  static Result template(List<Path> valuesFiles, List<String> sets) {
    List<String> command = new ArrayList<>(List.of("template", RELEASE, chart().toString(), "--namespace", NAMESPACE, "--kube-version", KUBE_VERSION));
    for (Path values : valuesFiles) {
      command.add("--values");
      command.add(values.toString());
    }
    for (String set : sets) {
      command.add("--set");
      command.add(set);
    }
    return run(command);
  }

  static Result lint(List<Path> valuesFiles) {
    List<String> command = new ArrayList<>(List.of("lint", "--strict", chart().toString(), "--namespace", NAMESPACE, "--kube-version", KUBE_VERSION));
    for (Path values : valuesFiles) {
      command.add("--values");
      command.add(values.toString());
    }
    return run(command);
  }

  static Result run(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(requireNonNull(System.getProperty("floe.helm"), "floe.helm is not set"));
    command.addAll(arguments);
    try {
      Path output = Files.createTempFile("helm", ".out");
      Path errors = Files.createTempFile("helm", ".err");
      try {
        Process process =
            new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("helm did not finish in 2 minutes: " + command);
        }
        return new Result(
            process.exitValue(),
            Files.readString(output, StandardCharsets.UTF_8),
            Files.readString(errors, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Result(int exitCode, String output, String errors) {
    /** The rendered documents (empty ones left out); fails when helm failed. */
    List<JsonNode> documents() {
      if (exitCode != 0) {
        throw new AssertionError("helm failed (" + exitCode + "): " + errors);
      }
      List<JsonNode> documents = new ArrayList<>();
      try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(output)) {
        while (iterator.hasNext()) {
          JsonNode document = iterator.next();
          if (document != null && !document.isNull() && !document.isEmpty()) {
            documents.add(document);
          }
        }
      } catch (IOException e) {
        throw new AssertionError("helm rendered YAML that does not parse: " + e.getMessage() + "\n" + output, e);
      }
      return documents;
    }
  }

  static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
    return documents.stream().filter(document -> kind.equals(document.path("kind").asText())).toList();
  }

  static JsonNode one(List<JsonNode> documents, String kind) {
    List<JsonNode> found = ofKind(documents, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }

  static Optional<JsonNode> container(JsonNode deployment, String name) {
    for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
      if (name.equals(container.path("name").asText())) {
        return Optional.of(container);
      }
    }
    return Optional.empty();
  }
}
