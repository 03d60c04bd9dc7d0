package org.umsrollout.starter;

import org.umsrollout.workflows.command.OperatorCommand;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(
    name = "recheck-clocks",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the server clocks again after they were set (P5), without a new rollout.",
      "Exits 2 when the rollout does not hold at the clocks."
    })
final class RecheckClocksCommand extends HoldCommand {

  @Override
  String verb() {
    return "recheck-clocks";
  }

  @Override
  String send(RolloutWorkflow rollout) {
    return rollout.recheckClocks(new OperatorCommand(operator.by, operator.reason));
  }
}
