package org.umsrollout.starter;

import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import org.umsrollout.workflows.messages.HoldReply;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code retry-host}, {@code skip-host}, {@code recheck-clocks} and {@code retry}: one shape, one
 * word apart. Each answers a rollout that holds for an operator (a failed install, clocks out of
 * sync, a step that failed past the point of no return) through an Update, so a refusal (it holds
 * elsewhere, or nowhere) comes back at once. When no orchestrator accepts the Update within {@code
 * --wait}, the same answer goes as the {@code answerHold} signal, so that the command never hangs.
 */
@Command(mixinStandardHelpOptions = true)
final class HoldCommand extends SiteCommand {

  private static final String SIGNAL_EXIT =
      "Exits 4 when no orchestrator accepted the answer within --wait and it was sent as a signal.";

  /** The answers to a hold; those about a host take {@code --host}. */
  enum Answer {
    RETRY_HOST(
        "retry-host",
        HoldReply.RETRY,
        true,
        "Tries the failed install on the host the rollout holds at once more (after the fix).",
        "Exits 2 when the rollout does not hold at that host.",
        SIGNAL_EXIT) {
      @Override
      WorkflowUpdateHandle<String> startUpdate(
          RolloutWorkflow rollout, HoldReply reply, UpdateOptions<String> options) {
        return WorkflowClient.startUpdate(rollout::retryHost, reply.asHostDecision(), options);
      }
    },
    SKIP_HOST(
        "skip-host",
        HoldReply.SKIP,
        true,
        "Goes on without the host the rollout holds at; who skipped it is kept in the status.",
        "Past the point of no return (S6) skipping a server takes it out of the HA network (its"
            + " services are stopped and stay stopped until it is updated), so it needs --confirm.",
        "Verification then reports the host. Exits 2 when the rollout does not hold at that host,"
            + " or refuses an unconfirmed skip.",
        SIGNAL_EXIT) {
      @Override
      WorkflowUpdateHandle<String> startUpdate(
          RolloutWorkflow rollout, HoldReply reply, UpdateOptions<String> options) {
        return WorkflowClient.startUpdate(rollout::skipHost, reply.asHostDecision(), options);
      }
    },
    RECHECK_CLOCKS(
        "recheck-clocks",
        HoldReply.RECHECK,
        false,
        "Reads the server clocks again after they were set (P5), without a new rollout.",
        "Exits 2 when the rollout does not hold at the clocks.",
        SIGNAL_EXIT) {
      @Override
      WorkflowUpdateHandle<String> startUpdate(
          RolloutWorkflow rollout, HoldReply reply, UpdateOptions<String> options) {
        return WorkflowClient.startUpdate(rollout::recheckClocks, reply.asRequest(), options);
      }
    },
    RETRY(
        "retry",
        HoldReply.RETRY,
        false,
        "Tries again whatever the rollout holds at, once the cause is fixed: a host's install, the"
            + " clocks, or a step that failed past the point of no return (such as the database"
            + " or a host read).",
        "Exits 2 when the rollout holds at nothing.",
        SIGNAL_EXIT) {
      @Override
      WorkflowUpdateHandle<String> startUpdate(
          RolloutWorkflow rollout, HoldReply reply, UpdateOptions<String> options) {
        return WorkflowClient.startUpdate(rollout::retry, reply.asRequest(), options);
      }
    };

    /** The subcommand's name, which messages use as the operator typed it. */
    final String command;

    /** The word of the {@code answerHold} signal. */
    final String word;

    final boolean aboutHost;
    final String[] description;

    Answer(String command, String word, boolean aboutHost, String... description) {
      this.command = command;
      this.word = word;
      this.aboutHost = aboutHost;
      this.description = description;
    }

    abstract WorkflowUpdateHandle<String> startUpdate(
        RolloutWorkflow rollout, HoldReply reply, UpdateOptions<String> options);
  }

  /** {@code --host}, mixed into the answers about a host only. */
  static final class HostOption {
    @Option(names = "--host", required = true, description = "The host the rollout holds at.")
    String host;
  }

  /** {@code --confirm}, mixed into {@code skip-host} only. */
  static final class ConfirmOption {
    @Option(
        names = "--confirm",
        description =
            "Skip a server even past the point of no return (S6), which takes it out of the HA"
                + " network until it is updated.")
    boolean confirm;
  }

  @Mixin OperatorOptions operator;

  @Mixin WaitOption wait;

  private final Answer answer;
  private final HostOption host = new HostOption();
  private final ConfirmOption confirm = new ConfirmOption();

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
    if (answer == Answer.SKIP_HOST) {
      spec.addMixin("confirm", CommandSpec.forAnnotatedObject(command.confirm));
    }
    return commandLine;
  }

  /** The answer as the signal carries it; the Update takes the same fields. */
  HoldReply reply() {
    return new HoldReply(
        answer.word,
        host.host,
        operator.by,
        operator.comment,
        answer == Answer.SKIP_HOST ? confirm.confirm : null);
  }

  @Override
  public Integer call() {
    RolloutWorkflow rollout = rollout();
    HoldReply reply = reply();
    Answered<String> answered;
    try {
      answered =
          updateOrSignal(
              wait.wait,
              options -> answer.startUpdate(rollout, reply, options),
              () -> rollout.answerHold(reply));
    } catch (WorkflowUpdateException e) {
      String refusal = Failures.rootMessage(e);
      boolean unconfirmedSkip =
          answer == Answer.SKIP_HOST && !confirm.confirm && refusal.contains("point of no return");
      throw CliException.refused(
          answer.command
              + " refused: "
              + refusal
              + (unconfirmedSkip ? ". To skip it anyway, add --confirm." : ""));
    }
    String what = "the answer " + answer.command + (host.host == null ? "" : " " + host.host);
    return switch (answered.delivery()) {
      case SIGNALLED -> sentAsSignal(what, wait.wait);
      case ACCEPTED -> acceptedWithoutReply(what, wait.wait);
      case TAKEN -> {
        out().printf("%s taken by %s: %s%n", answer.command, rolloutId(), answered.reply());
        yield ExitCodes.OK;
      }
    };
  }
}
