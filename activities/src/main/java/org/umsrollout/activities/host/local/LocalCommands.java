package org.umsrollout.activities.host.local;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.umsrollout.activities.central.ProcessRunner;

/**
 * Runs the configured commands of the {@code local} backend other than the installer, each as an
 * argv list bounded by {@code commandTimeoutSeconds}; failures name the host and the command.
 */
final class LocalCommands {
  private final String name;
  private final Duration timeout;

  LocalCommands(LocalHostConfig config) {
    this.name = config.name();
    this.timeout = Duration.ofSeconds(config.commandTimeoutSeconds());
  }

  /** Runs {@code argv} with {@code values} filled in; fails unless it exits 0. */
  void check(List<String> argv, String what, Map<String, String> values) {
    List<String> command = LocalHostConfig.fill(argv, values);
    ProcessRunner.Result r = run(command, what);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          name + ": " + what + " " + command + " exited " + r.exitCode() + ": " + r.stderrTail());
    }
  }

  /** Runs {@code command}; fails only where it cannot be run. */
  ProcessRunner.Result run(List<String> command, String what) {
    try {
      return ProcessRunner.run(command, Map.of(), timeout, () -> {});
    } catch (IOException e) {
      throw new IllegalStateException(name + ": " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted during " + what, e);
    }
  }
}
