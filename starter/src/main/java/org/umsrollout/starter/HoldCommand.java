package org.umsrollout.starter;

import io.temporal.client.WorkflowUpdateException;
import org.umsrollout.workflows.command.HostDecision;
import org.umsrollout.workflows.command.OperatorCommand;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code retry-host}, {@code skip-host} and {@code recheck-clocks}: one shape, one word apart. Each
 * answers a rollout that holds for an operator (a failed install, clocks out of sync) through an
 * Update, so a refusal (it holds elsewhere, or nowhere) comes back at once.
 */
@Command(mixinStandardHelpOptions = true)
final class HoldCommand extends SiteCommand {

  /** The answers to a hold; those about a host take {@code --host}. */
  enum Answer {
    RETRY_HOST(
        "retry-host",
        true,
        "Tries the failed install on the host the rollout holds at once more (after the fix).",
        "Exits 2 when the rollout does not hold at that host.") {
      @Override
      String send(RolloutWorkflow rollout, String host, OperatorOptions operator) {
        return rollout.retryHost(new HostDecision(host, operator.by, operator.comment));
      }
    },
    SKIP_HOST(
        "skip-host",
        true,
        "Goes on without the host the rollout holds at; who skipped it is kept in the status.",
        "Verification then reports the host. Exits 2 when the rollout does not hold at that host.") {
      @Override
      String send(RolloutWorkflow rollout, String host, OperatorOptions operator) {
        return rollout.skipHost(new HostDecision(host, operator.by, operator.comment));
      }
    },
    RECHECK_CLOCKS(
        "recheck-clocks",
        false,
        "Reads the server clocks again after they were set (P5), without a new rollout.",
        "Exits 2 when the rollout does not hold at the clocks.") {
      @Override
      String send(RolloutWorkflow rollout, String host, OperatorOptions operator) {
        return rollout.recheckClocks(new OperatorCommand(operator.by, operator.comment));
      }
    };

    /** The subcommand's name, which messages use as the operator typed it. */
    final String command;

    final boolean aboutHost;
    final String[] description;

    Answer(String command, boolean aboutHost, String... description) {
      this.command = command;
      this.aboutHost = aboutHost;
      this.description = description;
    }

    abstract String send(RolloutWorkflow rollout, String host, OperatorOptions operator);
  }

  /** {@code --host}, mixed into the answers about a host only. */
  static final class HostOption {
    @Option(names = "--host", required = true, description = "The host the rollout holds at.")
    String host;
  }

  @Mixin OperatorOptions operator;

  private final Answer answer;
  private final HostOption host = new HostOption();

  private HoldCommand(Answer answer) {
    this.answer = answer;
  }

  /** The subcommand of one answer: the shared options, its own name and description. */
  static CommandLine subcommand(Answer answer) {
    HoldCommand command = new HoldCommand(answer);
    CommandLine commandLine = new CommandLine(command);
    CommandSpec spec = commandLine.getCommandSpec();
    spec.name(answer.command).usageMessage().description(answer.description);
    if (answer.aboutHost) {
      spec.addMixin("host", CommandSpec.forAnnotatedObject(command.host));
    }
    return commandLine;
  }

  @Override
  public Integer call() {
    RolloutWorkflow rollout = rollout();
    String taken;
    try {
      taken = onRollout(() -> answer.send(rollout, host.host, operator));
    } catch (WorkflowUpdateException e) {
      throw CliException.refused(answer.command + " refused: " + Failures.rootMessage(e));
    }
    out().printf("%s taken by %s: %s%n", answer.command, rolloutId(), taken);
    return ExitCodes.OK;
  }
}
