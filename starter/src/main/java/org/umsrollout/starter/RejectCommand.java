package org.umsrollout.starter;

import org.umsrollout.workflows.command.GateAnswer;
import org.umsrollout.workflows.command.GateDecision;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    description = {
      "Rejects an open gate of a rollout, which ends the rollout there.",
      "Exits 2 when the rollout refuses (unknown gate, gate not open)."
    })
final class RejectCommand extends GateCommand {

  @Override
  String verb() {
    return "rejection";
  }

  @Override
  GateAnswer update(RolloutWorkflow rollout, GateDecision decision) {
    return rollout.rejectGate(decision);
  }

  @Override
  void signal(RolloutWorkflow rollout, GateDecision decision) {
    rollout.reject(decision);
  }
}
