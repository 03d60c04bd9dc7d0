package org.umsrollout.worker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The worker-side processes: the demo, the orchestrator worker and the lab's host agents. */
@Command(
    name = "ums-rollout-worker",
    mixinStandardHelpOptions = true,
    version = "ums-rollout 0.1.0",
    description = "Runs the rollout orchestrator, host agents, or the one-process demo.",
    subcommands = {
      DemoCommand.class,
      OrchestratorCommand.class,
      LabCommand.class,
      AgentCommand.class
    })
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new Main())
            .setExecutionExceptionHandler(
                (e, command, parsed) -> {
                  // An operator needs the sentence, not the stack: bad input, unreachable Temporal.
                  command.getErr().println("error: " + e.getMessage());
                  return 1;
                })
            .execute(args));
  }
}
