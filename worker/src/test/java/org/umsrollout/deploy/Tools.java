package org.umsrollout.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the deployment tests share: the tools that check the files offline, found or the test
 * skipped (failed under {@code CI=true}, where {@code .ci/install-*.sh} installs them), and running
 * one to its end.
 */
final class Tools {
  private Tools() {}

  record Run(int exit, String output) {}

  /**
   * Runs {@code command} in this process's directory; its output (stdout and stderr) goes through a
   * file, so a long one cannot fill a pipe. Fails the test when it outlasts {@code seconds}.
   */
  static Run run(int seconds, List<String> command) throws Exception {
    Path log = Files.createTempFile("deploy-tool", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        fail(
            String.join(" ", command)
                + ": no end after "
                + seconds
                + " s\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  static Run run(int seconds, String... command) throws Exception {
    return run(seconds, List.of(command));
  }

  /** {@code tool} from the PATH, else where {@code go install} puts it. */
  static Path require(String tool) {
    List<Path> dirs = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isBlank()) {
        dirs.add(Path.of(dir));
      }
    }
    String gobin = System.getenv("GOBIN");
    if (gobin != null && !gobin.isBlank()) {
      dirs.add(Path.of(gobin));
    }
    dirs.add(Path.of(System.getProperty("user.home"), "go", "bin"));
    for (Path dir : dirs) {
      if (Files.isExecutable(dir.resolve(tool))) {
        return dir.resolve(tool);
      }
    }
    skipOrFail(tool + " not found (.ci/install-deploy-tools.sh installs it)");
    return null;
  }

  /** Skips the calling test for {@code missing}; fails it under {@code CI=true}. */
  static void skipOrFail(String missing) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true: " + missing);
    }
    Assumptions.abort(missing);
  }
}
