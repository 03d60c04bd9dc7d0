package org.umsrollout.starter;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.RolloutIds;
import picocli.CommandLine.Option;

/** A subcommand that acts on the running (or last) rollout of one site. */
abstract class SiteCommand extends RolloutCommand {
  /** How long the last status of a rollout that has ended is asked for: it needs a worker. */
  private static final Duration NOT_FOUND_QUERY_BOUND = Duration.ofSeconds(5);

  @Option(names = "--site", required = true, description = "The site (HA network) to act on.")
  String site;

  String rolloutId() {
    return RolloutIds.workflowId(site);
  }

  /** The site's rollout: the latest run of workflow {@code rollout/<site>}. */
  RolloutWorkflow rollout() {
    return client().newWorkflowStub(RolloutWorkflow.class, rolloutId());
  }

  /** The status query, ending with {@code DEADLINE_EXCEEDED} when no orchestrator answers. */
  RolloutStatus queryStatus(Duration bound) {
    return onRollout(() -> Bounded.within(bound, () -> rollout().status()));
  }

  /**
   * How the workflow execution ended, or null while it runs or when it completed. A rollout that
   * was terminated, or whose workflow failed outside its own handling, keeps reporting the phase it
   * was in, so the phase alone does not tell that it is over.
   */
  WorkflowExecutionStatus abnormalEnd() {
    WorkflowExecutionStatus status =
        onRollout(() -> WorkflowStub.fromTyped(rollout()).describe().getStatus());
    return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
            || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
        ? null
        : status;
  }

  /** How an answer reached the rollout. */
  enum Delivery {
    /** The rollout took it and answered. */
    TAKEN,
    /** The rollout accepted it, but its answer did not come in time. */
    ACCEPTED,
    /** No orchestrator accepted it in time: it went as a signal, checked when the rollout runs. */
    SIGNALLED
  }

  /** What became of an answer, with the rollout's reply when it was taken. */
  record Answered<R>(Delivery delivery, R reply) {}

  /**
   * Answers the rollout through an Update, waiting at most {@code wait} for it to be accepted. An
   * Update needs an orchestrator worker to run its validator; while none runs, Temporal keeps it
   * waiting and no command could end. So when none accepts it in time, the same answer goes as the
   * durable {@code signal}, which needs no worker: the rollout checks it when it runs again.
   *
   * @param start starts the Update on the typed stub with the options it is given
   * @throws io.temporal.client.WorkflowUpdateException when the rollout refused the answer (its
   *     validator, at once)
   */
  <R> Answered<R> updateOrSignal(
      Duration wait, Function<UpdateOptions<R>, WorkflowUpdateHandle<R>> start, Runnable signal) {
    UpdateOptions<R> options =
        UpdateOptions.<R>newBuilder().setWaitForStage(WorkflowUpdateStage.ACCEPTED).build();
    WorkflowUpdateHandle<R> accepted;
    try {
      accepted = onRollout(() -> Bounded.within(wait, () -> start.apply(options)));
    } catch (WorkflowServiceException e) {
      if (!Bounded.unanswered(e)) {
        throw e;
      }
      onRollout(signal);
      return new Answered<>(Delivery.SIGNALLED, null);
    }
    try {
      // Accepted: the handlers answer in the same workflow task, so the reply is usually here.
      return new Answered<>(
          Delivery.TAKEN, accepted.getResult(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS));
    } catch (WorkflowServiceException e) {
      if (!Bounded.unanswered(e)) {
        throw e;
      }
      return new Answered<>(Delivery.ACCEPTED, null);
    }
  }

  /**
   * Says that no orchestrator answered within {@code wait} and that {@code what} went as a signal,
   * how it is checked and where to see whether it was taken.
   *
   * @return {@link ExitCodes#NO_ORCHESTRATOR}
   */
  int sentAsSignal(String what, Duration wait) {
    out()
        .printf(
            "The orchestrator did not answer within %s (is an orchestrator worker running?).%n"
                + "%s was sent to %s as a signal instead: Temporal keeps it, and the rollout"
                + " checks it when it runs again.%n"
                + "Whether it was taken: umsrollout status --site %s (the timeline says \"ignored"
                + " ...\" when it did not fit).%n",
            Bounded.describe(wait), capitalized(what), rolloutId(), site);
    out().flush();
    return ExitCodes.NO_ORCHESTRATOR;
  }

  /** Says that the rollout accepted {@code what} but its reply did not come within {@code wait}. */
  int acceptedWithoutReply(String what, Duration wait) {
    out()
        .printf(
            "%s was accepted by %s; its reply did not come within %s. See: umsrollout status"
                + " --site %s%n",
            capitalized(what), rolloutId(), Bounded.describe(wait), site);
    out().flush();
    return ExitCodes.OK;
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  static String describe(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  /** Runs a call on the rollout; a rollout that does not exist becomes a sentence. */
  <T> T onRollout(Supplier<T> call) {
    try {
      return call.get();
    } catch (WorkflowNotFoundException e) {
      throw CliException.failed(notFound());
    }
  }

  void onRollout(Runnable call) {
    onRollout(
        () -> {
          call.run();
          return null;
        });
  }

  /** A signal or update finds no running rollout: say whether one ever ran, and how it ended. */
  private String notFound() {
    RolloutStatus last;
    try {
      last = Bounded.within(NOT_FOUND_QUERY_BOUND, () -> rollout().status());
    } catch (RuntimeException e) {
      return "no rollout for site " + site + " (workflow id " + rolloutId() + ")";
    }
    return "the rollout of site "
        + site
        + " has ended ("
        + last.phase()
        + "); start a new one with: umsrollout start --inventory FILE";
  }
}
