package org.umsrollout.starter;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.client.rollouts.Rollouts;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.status.TimelineEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follows a rollout: prints its timeline and progress as they change, until it ends.",
      "Exits 0 when the rollout completed, 1 when it ended any other way, 4 when no orchestrator"
          + " answered (it then shows what Temporal records of the rollout)."
    })
final class WatchCommand extends SiteCommand {

  @Option(
      names = "--interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "How often to ask for the status (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  public Integer call() throws InterruptedException {
    int printed = 0;
    String lastSummary = null;
    out().println("watching " + rolloutId() + " (Ctrl-C stops watching, not the rollout)");
    while (true) {
      RolloutStatus status;
      try {
        status = queryStatus(TemporalClientFactory.QUERY_TIMEOUT);
      } catch (WorkflowServiceException | WorkflowQueryException e) {
        if (e instanceof WorkflowNotFoundException || !Bounded.unanswered(e)) {
          throw e;
        }
        return unanswered();
      }
      List<TimelineEntry> timeline = status.timeline();
      for (TimelineEntry entry :
          timeline.subList(Math.min(printed, timeline.size()), timeline.size())) {
        out().println("  " + StatusView.timelineLine(entry));
      }
      printed = timeline.size();
      String summary = summary(status);
      if (!summary.equals(lastSummary)) {
        out().println("» " + summary);
        lastSummary = summary;
      }
      out().flush();
      if (status.phase().isFinal()) {
        out().println("rollout of site " + site + " ended: " + status.phase());
        out().flush();
        return status.phase() == Phase.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
      }
      WorkflowExecutionStatus ended = abnormalEnd();
      if (ended != null) {
        out()
            .println(
                "the workflow of the rollout of site "
                    + site
                    + " ended as "
                    + describe(ended)
                    + " while in phase "
                    + status.phase()
                    + "; its history in Temporal tells why");
        out().flush();
        return ExitCodes.FAILED;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private int unanswered() {
    RolloutView view = Rollouts.view(onRollout(() -> WorkflowStub.fromTyped(rollout()).describe()));
    out()
        .printf(
            "No orchestrator answered the status query of %s within %s (is an orchestrator worker"
                + " running?); showing what Temporal's visibility records:%n%s",
            rolloutId(),
            Bounded.describe(TemporalClientFactory.QUERY_TIMEOUT),
            StatusView.renderVisibility(view));
    out().flush();
    return ExitCodes.NO_ORCHESTRATOR;
  }

  private static String summary(RolloutStatus s) {
    StringBuilder sb = new StringBuilder();
    sb.append(s.phase()).append(", ").append(StatusView.progress(s));
    if (!s.serversOnLocalCopy().isEmpty()) {
      sb.append(", on local DB copy: ").append(String.join(", ", s.serversOnLocalCopy()));
    }
    if (s.paused()) {
      sb.append(", PAUSED by ").append(s.pausedBy());
    }
    if (s.waitingFor() != null) {
      sb.append(", waiting for ").append(s.waitingFor());
    }
    return sb.toString();
  }
}
