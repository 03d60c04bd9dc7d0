package org.umsrollout.starter;

import io.temporal.client.WorkflowUpdateException;
import org.umsrollout.workflows.command.GateAnswer;
import org.umsrollout.workflows.command.GateDecision;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine.Option;

/**
 * Approves or rejects a gate. By default through an Update, so a refusal (unknown gate, gate not
 * open) comes back at once; with {@code --signal} fire-and-forget, and the rollout notes in its
 * timeline what it ignored.
 */
abstract class GateCommand extends SiteCommand {

  @Option(
      names = "--gate",
      required = true,
      description =
          "The gate: remove-orphans, untested-version, first-server, load-balancers or"
              + " end-update-mode.")
  String gate;

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "Who decides (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--comment", description = "Why; kept in the rollout's history.")
  String comment;

  @Option(
      names = "--signal",
      description = "Send a signal instead of an Update: no answer, refusals only in the timeline.")
  boolean signal;

  /** "approve" or "reject". */
  abstract String verb();

  abstract GateAnswer update(RolloutWorkflow rollout, GateDecision decision);

  abstract void signal(RolloutWorkflow rollout, GateDecision decision);

  @Override
  public Integer call() {
    GateDecision decision = new GateDecision(gate, by, comment);
    RolloutWorkflow rollout = rollout();
    if (signal) {
      onRollout(() -> signal(rollout, decision));
      out()
          .printf(
              "%s (signal) of gate %s sent to %s; see the timeline (umsrollout status --site %s)"
                  + " for whether it was taken%n",
              verb(), gate, rolloutId(), site);
      return ExitCodes.OK;
    }
    GateAnswer answer;
    try {
      answer = onRollout(() -> update(rollout, decision));
    } catch (WorkflowUpdateException e) {
      throw CliException.refused(
          verb() + " of gate " + gate + " refused: " + Failures.rootMessage(e));
    }
    out().printf("gate %s %s by %s on %s%n", answer.gate(), answer.state(), by, rolloutId());
    return ExitCodes.OK;
  }
}
