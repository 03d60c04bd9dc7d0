package org.umsrollout.starter;

import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowQueryRejectedException;
import io.temporal.client.WorkflowServiceException;
import java.time.Duration;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.status.RolloutStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description = {
      "Stops a rollout before its next step.",
      "Past the point of no return (the first server installed, S6) an abort needs --confirm:"
          + " it leaves servers on a local database copy, and the network is whole again only"
          + " when every server is updated, or when the backup is restored into a separate HA"
          + " network.",
      "The abort is a signal, which needs no orchestrator. When no orchestrator answers the"
          + " status query within --wait, it is sent all the same, the rollout takes it when it"
          + " runs again (an unconfirmed one only before the point of no return), and the command"
          + " exits 4."
    })
final class AbortCommand extends SiteCommand {

  @Mixin OperatorOptions operator;

  @Option(names = "--confirm", description = "Abort even past the point of no return (S6).")
  boolean confirm;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = WaitOption.DEFAULT,
      converter = DurationConverter.class,
      description =
          "How long to wait for the orchestrator to answer the status query (default:"
              + " ${DEFAULT-VALUE}); without an answer the abort is sent unchecked.")
  Duration wait;

  @Override
  public Integer call() {
    if (wait.isNegative()) {
      throw CliException.refused("--wait must not be negative: " + wait);
    }
    RolloutStatus status = statusWithin(wait);
    if (status == null) {
      return sendUnchecked();
    }
    if (status.phase().isFinal()) {
      throw CliException.failed(
          "the rollout of site " + site + " has already ended (" + status.phase() + ")");
    }
    if (status.pointOfNoReturnPassed() && !confirm) {
      throw CliException.refused(
          "the rollout of site "
              + site
              + " is past the point of no return (S6): aborting now leaves "
              + (status.serversOnLocalCopy().isEmpty()
                  ? "the network half updated"
                  : String.join(", ", status.serversOnLocalCopy()) + " on a local database copy")
              + ". Add --confirm to abort anyway.");
    }
    send();
    out()
        .printf(
            "abort sent to %s: it stops before its next step; see: umsrollout status --site %s%n",
            rolloutId(), site);
    return ExitCodes.OK;
  }

  /** The rollout's status, or null when no orchestrator answers the query within the bound. */
  private RolloutStatus statusWithin(Duration bound) {
    try {
      return queryStatus(bound);
    } catch (WorkflowServiceException | WorkflowQueryException e) {
      // A query the workflow failed was answered; one rejected as not ready never ran on a worker.
      boolean answeredWithFailure =
          e instanceof WorkflowQueryException && !(e instanceof WorkflowQueryRejectedException);
      if (answeredWithFailure || !Bounded.unanswered(e)) {
        throw e;
      }
      return null;
    }
  }

  /**
   * Without the status it is not known whether the rollout is past the point of no return. The
   * abort goes all the same: the rollout itself takes an unconfirmed one only before that point and
   * notes in its timeline that it ignored it past it (S6).
   */
  private int sendUnchecked() {
    send();
    out()
        .printf(
            "The orchestrator did not answer within %s (is an orchestrator worker running?), so the"
                + " state of the rollout of site %s is unknown.%n",
            Bounded.describe(wait), site);
    if (confirm) {
      out()
          .printf(
              "The confirmed abort was sent to %s as a signal: Temporal keeps it, and the rollout"
                  + " stops before its next step when it runs again.%n",
              rolloutId());
    } else {
      out()
          .printf(
              "The abort was sent to %s as a signal without confirmation: the rollout takes it"
                  + " when it runs again if it is before the point of no return (S6), and"
                  + " ignores it past it. To abort past the point of no return, --confirm is"
                  + " required.%n",
              rolloutId());
    }
    out()
        .printf(
            "Whether it was taken: umsrollout status --site %s%s.%n",
            site,
            confirm ? "" : " (the timeline says \"abort ... not taken\" when it was ignored)");
    out().flush();
    return ExitCodes.NO_ORCHESTRATOR;
  }

  private void send() {
    onRollout(() -> rollout().abort(new AbortRequest(operator.by, operator.comment, confirm)));
  }
}
