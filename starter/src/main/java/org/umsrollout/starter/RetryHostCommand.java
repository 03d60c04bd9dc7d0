package org.umsrollout.starter;

import org.umsrollout.workflows.command.HostDecision;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "retry-host",
    mixinStandardHelpOptions = true,
    description = {
      "Tries the failed install on the host the rollout holds at once more (after the fix).",
      "Exits 2 when the rollout does not hold at that host."
    })
final class RetryHostCommand extends HoldCommand {

  @Option(names = "--host", required = true, description = "The host the rollout holds at.")
  String host;

  @Override
  String verb() {
    return "retry-host";
  }

  @Override
  String send(RolloutWorkflow rollout) {
    return rollout.retryHost(new HostDecision(host, operator.by, operator.reason));
  }
}
