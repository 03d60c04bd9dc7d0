package org.umsrollout.activities.host.local;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import org.umsrollout.activities.central.ProcessRunner;

/**
 * Runs the configured commands of the {@code local} backend other than the installer, each as an
 * argv list bounded by {@code commandTimeoutSeconds}; failures name the host and the command. An
 * {@code {env:NAME}} is filled in from the agent's environment only in the argv that runs; every
 * message shows the placeholder, never the value.
 */
final class LocalCommands {
  private final String name;
  private final Duration timeout;
  private final UnaryOperator<String> environment;

  LocalCommands(LocalHostConfig config, UnaryOperator<String> environment) {
    this.name = config.name();
    this.timeout = Duration.ofSeconds(config.commandTimeoutSeconds());
    this.environment = environment;
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
      return ProcessRunner.run(withEnvironment(command, what), Map.of(), timeout, () -> {});
    } catch (IOException e) {
      throw new IllegalStateException(name + ": " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted during " + what, e);
    }
  }

  /** {@code command} with each {@code {env:NAME}} replaced by the variable; fails where unset. */
  List<String> withEnvironment(List<String> command, String what) {
    return command.stream()
        .map(
            arg -> {
              Matcher m = LocalHostConfig.ENV_PLACEHOLDER.matcher(arg);
              StringBuilder out = new StringBuilder();
              while (m.find()) {
                String value = environment.apply(m.group(1));
                if (value == null) {
                  throw new IllegalStateException(
                      name
                          + ": "
                          + what
                          + ": the environment variable "
                          + m.group(1)
                          + " is not set in the agent's environment");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
              }
              m.appendTail(out);
              return out.toString();
            })
        .toList();
  }
}
