package org.umsrollout.starter;

import org.umsrollout.workflows.command.GateAnswer;
import org.umsrollout.workflows.command.GateDecision;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine.Command;

@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approves an open gate of a rollout; the rollout goes on past it.",
      "Exits 2 when the rollout refuses (unknown gate, gate not open)."
    })
final class ApproveCommand extends GateCommand {

  @Override
  String verb() {
    return "approval";
  }

  @Override
  GateAnswer update(RolloutWorkflow rollout, GateDecision decision) {
    return rollout.approveGate(decision);
  }

  @Override
  void signal(RolloutWorkflow rollout, GateDecision decision) {
    rollout.approve(decision);
  }
}
