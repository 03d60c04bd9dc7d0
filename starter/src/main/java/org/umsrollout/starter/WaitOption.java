package org.umsrollout.starter;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --wait}: how long an answer waits for the orchestrator to accept it. */
final class WaitOption {
  static final String DEFAULT = "10s";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  Duration wait = new DurationConverter().convert(DEFAULT);

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = DEFAULT,
      converter = DurationConverter.class,
      description =
          "How long to wait for the orchestrator to accept the answer (default:"
              + " ${DEFAULT-VALUE}). When it does not in time (no orchestrator worker runs), the"
              + " answer is sent as a signal instead, which the rollout checks when it runs again;"
              + " the command then exits 4.")
  void wait(Duration wait) {
    if (wait.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--wait must not be negative: " + wait);
    }
    this.wait = wait;
  }
}
