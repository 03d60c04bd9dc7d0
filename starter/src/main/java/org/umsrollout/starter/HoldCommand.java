package org.umsrollout.starter;

import io.temporal.client.WorkflowUpdateException;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine.Mixin;

/**
 * Answers a rollout that holds for an operator (a failed install, clocks out of sync) through an
 * Update, so a refusal (it holds elsewhere, or nowhere) comes back at once.
 */
abstract class HoldCommand extends SiteCommand {

  @Mixin OperatorOptions operator;

  /** The command's name, as the operator typed it. */
  abstract String verb();

  abstract String send(RolloutWorkflow rollout);

  @Override
  public Integer call() {
    RolloutWorkflow rollout = rollout();
    String answer;
    try {
      answer = onRollout(() -> send(rollout));
    } catch (WorkflowUpdateException e) {
      throw CliException.refused(verb() + " refused: " + Failures.rootMessage(e));
    }
    out().printf("%s taken by %s: %s%n", verb(), rolloutId(), answer);
    return ExitCodes.OK;
  }
}
