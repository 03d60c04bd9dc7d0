package org.umsrollout.starter;

import org.umsrollout.workflows.command.HostDecision;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "skip-host",
    mixinStandardHelpOptions = true,
    description = {
      "Goes on without the host the rollout holds at; who skipped it is kept in the status.",
      "Verification then reports the host. Exits 2 when the rollout does not hold at that host."
    })
final class SkipHostCommand extends HoldCommand {

  @Option(names = "--host", required = true, description = "The host the rollout holds at.")
  String host;

  @Override
  String verb() {
    return "skip-host";
  }

  @Override
  String send(RolloutWorkflow rollout) {
    return rollout.skipHost(new HostDecision(host, operator.by, operator.reason));
  }
}
