package org.umsrollout.starter;

import io.temporal.client.WorkflowUpdateException;
import org.umsrollout.workflows.command.GateAnswer;
import org.umsrollout.workflows.command.GateDecision;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code approve} and {@code reject}: one shape, one word apart. By default through an Update, so a
 * refusal (unknown gate, gate not open) comes back at once; with {@code --signal} fire-and-forget,
 * and the rollout notes in its timeline what it ignored.
 */
@Command(mixinStandardHelpOptions = true)
final class GateCommand extends SiteCommand {

  /** The two answers to an open gate. */
  enum Decision {
    APPROVE(
        "approve", "approval", "Approves an open gate of a rollout; the rollout goes on past it.") {
      @Override
      GateAnswer update(RolloutWorkflow rollout, GateDecision decision) {
        return rollout.approveGate(decision);
      }

      @Override
      void signal(RolloutWorkflow rollout, GateDecision decision) {
        rollout.approve(decision);
      }
    },
    REJECT(
        "reject", "rejection", "Rejects an open gate of a rollout, which ends the rollout there.") {
      @Override
      GateAnswer update(RolloutWorkflow rollout, GateDecision decision) {
        return rollout.rejectGate(decision);
      }

      @Override
      void signal(RolloutWorkflow rollout, GateDecision decision) {
        rollout.reject(decision);
      }
    };

    /** The subcommand's name. */
    final String command;

    /** How messages name the decision: "approval of gate first-server refused". */
    final String noun;

    final String summary;

    Decision(String command, String noun, String summary) {
      this.command = command;
      this.noun = noun;
      this.summary = summary;
    }

    abstract GateAnswer update(RolloutWorkflow rollout, GateDecision decision);

    abstract void signal(RolloutWorkflow rollout, GateDecision decision);
  }

  @Option(
      names = "--gate",
      required = true,
      description =
          "The gate: remove-orphans, untested-version, first-server, load-balancers or"
              + " end-update-mode.")
  String gate;

  @Mixin OperatorOptions operator;

  @Option(
      names = "--signal",
      description = "Send a signal instead of an Update: no answer, refusals only in the timeline.")
  boolean signal;

  private final Decision decision;

  private GateCommand(Decision decision) {
    this.decision = decision;
  }

  /** The subcommand of one decision: the shared options, its own name and description. */
  static CommandLine subcommand(Decision decision) {
    CommandLine commandLine = new CommandLine(new GateCommand(decision));
    commandLine
        .getCommandSpec()
        .name(decision.command)
        .usageMessage()
        .description(
            decision.summary, "Exits 2 when the rollout refuses (unknown gate, gate not open).");
    return commandLine;
  }

  @Override
  public Integer call() {
    GateDecision answer = new GateDecision(gate, operator.by, operator.comment);
    RolloutWorkflow rollout = rollout();
    if (signal) {
      onRollout(() -> decision.signal(rollout, answer));
      out()
          .printf(
              "%s (signal) of gate %s sent to %s; see the timeline (umsrollout status --site %s)"
                  + " for whether it was taken%n",
              decision.noun, gate, rolloutId(), site);
      return ExitCodes.OK;
    }
    GateAnswer taken;
    try {
      taken = onRollout(() -> decision.update(rollout, answer));
    } catch (WorkflowUpdateException e) {
      throw CliException.refused(
          decision.noun + " of gate " + gate + " refused: " + Failures.rootMessage(e));
    }
    out().printf("gate %s %s by %s on %s%n", taken.gate(), taken.state(), operator.by, rolloutId());
    return ExitCodes.OK;
  }
}
