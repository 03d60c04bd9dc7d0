package org.umsrollout.worker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The worker-side processes: the demo, the orchestrator worker and the lab's host agents. */
@Command(
    name = "ums-rollout-worker",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Runs the rollout orchestrator, host agents, the one-process demo, or the dashboard.",
    subcommands = {
      DemoCommand.class,
      OrchestratorCommand.class,
      LabCommand.class,
      AgentCommand.class,
      ServeCommand.class
    })
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    try {
      LogFormat.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with this project's error handling; tests set its out and err. */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (e, command, parsed) -> {
              // An operator needs the sentence, not the stack: bad input, unreachable Temporal.
              command.getErr().println("error: " + e.getMessage());
              return 1;
            });
  }
}
