package org.umsrollout.starter;

import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import java.util.Arrays;
import java.util.Iterator;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code approve} and {@code reject}: one shape, one word apart. By default through an Update, so a
 * refusal (unknown gate, gate not open) comes back at once; when no orchestrator accepts it within
 * {@code --wait}, as the signal, so that the command never hangs. With {@code --signal}
 * fire-and-forget at once. The rollout notes in its timeline what signal it ignored.
 */
@Command(mixinStandardHelpOptions = true)
final class GateCommand extends SiteCommand {

  /** The state a decision's answer has when the approver policy refused it. */
  private static final String REFUSED = "REFUSED";

  /** The two answers to an open gate. */
  enum Decision {
    APPROVE(
        "approve", "approval", "Approves an open gate of a rollout; the rollout goes on past it.") {
      @Override
      WorkflowUpdateHandle<GateAnswer> startUpdate(
          RolloutWorkflow rollout, GateDecision decision, UpdateOptions<GateAnswer> options) {
        return WorkflowClient.startUpdate(rollout::approveGate, decision, options);
      }

      @Override
      void signal(RolloutWorkflow rollout, GateDecision decision) {
        rollout.approve(decision);
      }
    },
    REJECT(
        "reject", "rejection", "Rejects an open gate of a rollout, which ends the rollout there.") {
      @Override
      WorkflowUpdateHandle<GateAnswer> startUpdate(
          RolloutWorkflow rollout, GateDecision decision, UpdateOptions<GateAnswer> options) {
        return WorkflowClient.startUpdate(rollout::rejectGate, decision, options);
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

    abstract WorkflowUpdateHandle<GateAnswer> startUpdate(
        RolloutWorkflow rollout, GateDecision decision, UpdateOptions<GateAnswer> options);

    abstract void signal(RolloutWorkflow rollout, GateDecision decision);
  }

  /** The gates' names, offered by shell completion and listed in the help. */
  static final class GateNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Gate.values()).map(Gate::id).iterator();
    }
  }

  @Option(
      names = "--gate",
      required = true,
      completionCandidates = GateNames.class,
      description = "The gate: ${COMPLETION-CANDIDATES}.")
  String gate;

  @Mixin OperatorOptions operator;

  @Option(
      names = "--signal",
      description =
          "Send a signal at once instead of an Update: no answer, refusals only in the timeline.")
  boolean signal;

  @Mixin WaitOption wait;

  /** {@code --confirm}, mixed into {@code reject} only. */
  static final class ConfirmOption {
    @Option(
        names = "--confirm",
        description =
            "Reject even past the point of no return (S6): end-update-mode then takes the servers"
                + " that did not reconnect out of the HA network; another gate ends the rollout.")
    boolean confirm;
  }

  private final Decision decision;
  final ConfirmOption confirm = new ConfirmOption();

  private GateCommand(Decision decision) {
    this.decision = decision;
  }

  /** The subcommand of one decision: the shared options, its own name and description. */
  static CommandLine subcommand(Decision decision) {
    GateCommand command = new GateCommand(decision);
    CommandLine commandLine = new CommandLine(command);
    if (decision == Decision.REJECT) {
      commandLine
          .getCommandSpec()
          .addMixin("confirm", CommandLine.Model.CommandSpec.forAnnotatedObject(command.confirm));
    }
    commandLine
        .getCommandSpec()
        .name(decision.command)
        .usageMessage()
        .description(
            decision.summary,
            "Exits 2 when the rollout refuses (unknown gate, gate not open, not an approver), 4"
                + " when no orchestrator accepted it within --wait and it was sent as a signal.");
    return commandLine;
  }

  @Override
  public Integer call() {
    GateDecision answer =
        new GateDecision(
            gate,
            operator.by,
            operator.comment,
            decision == Decision.REJECT && confirm.confirm ? Boolean.TRUE : null);
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
    Answered<GateAnswer> answered;
    try {
      answered =
          updateOrSignal(
              wait.wait,
              options -> decision.startUpdate(rollout, answer, options),
              () -> decision.signal(rollout, answer));
    } catch (WorkflowUpdateException e) {
      throw CliException.refused(
          decision.noun + " of gate " + gate + " refused: " + Failures.rootMessage(e));
    }
    String what = "the " + decision.noun + " of gate " + gate;
    return switch (answered.delivery()) {
      case SIGNALLED -> sentAsSignal(what, wait.wait);
      case ACCEPTED -> acceptedWithoutReply(what, wait.wait);
      case TAKEN -> {
        GateAnswer taken = answered.reply();
        if (REFUSED.equals(taken.state())) {
          // The approver policy refuses in the handler, so that the history keeps who tried.
          throw CliException.refused(
              decision.noun + " of gate " + gate + " refused: " + taken.message());
        }
        out()
            .printf(
                "gate %s %s by %s on %s%n", taken.gate(), taken.state(), operator.by, rolloutId());
        yield ExitCodes.OK;
      }
    };
  }
}
