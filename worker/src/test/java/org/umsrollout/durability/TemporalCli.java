package org.umsrollout.durability;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Temporal CLI, whose dev server the real-server tests run: {@code TEMPORAL_CLI}, then
 * {@code PATH}, then Go's install folder. Without it those tests are skipped, except under CI.
 */
final class TemporalCli {
  static final String INSTALL = "go install github.com/temporalio/cli/cmd/temporal@v1.5.1";

  private TemporalCli() {}

  static Optional<Path> find() {
    return goBinary("TEMPORAL_CLI", "temporal");
  }

  /**
   * A Go-built tool: the file {@code env} names, then {@code name} on the PATH, then in Go's bin.
   */
  static Optional<Path> goBinary(String env, String name) {
    List<Path> candidates = new ArrayList<>();
    String explicit = System.getenv(env);
    if (explicit != null && !explicit.isBlank()) {
      candidates.add(Path.of(explicit));
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, name));
        }
      }
    }
    String gopath = System.getenv("GOPATH");
    if (gopath != null && !gopath.isBlank()) {
      candidates.add(Path.of(gopath.split(File.pathSeparator)[0], "bin", name));
    }
    String home = System.getenv("HOME");
    candidates.add(
        Path.of(home == null ? System.getProperty("user.home") : home, "go", "bin", name));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** The CLI; the calling test is skipped without it, or fails when {@code CI=true}. */
  static Path require() {
    Optional<Path> cli = find();
    if (cli.isPresent()) {
      return cli.get();
    }
    String message =
        "the Temporal CLI is missing, so the real-server durability tests cannot run; install it"
            + " with `"
            + INSTALL
            + "` (or point TEMPORAL_CLI at the binary)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true: " + message);
    }
    Assumptions.abort(message);
    throw new AssertionError("unreachable");
  }
}
