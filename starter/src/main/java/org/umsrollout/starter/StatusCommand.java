package org.umsrollout.starter;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.util.List;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows a rollout: phase, progress, hosts, gates, findings, recent timeline.")
final class StatusCommand extends SiteCommand {

  @Option(names = "--json", description = "Print the full status as JSON.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    RolloutStatus status;
    try {
      status = status();
    } catch (WorkflowServiceException | WorkflowQueryException e) {
      if (e instanceof WorkflowNotFoundException) {
        throw e;
      }
      return fromSearchAttributes(e);
    }
    if (json) {
      out()
          .println(
              DataConverters.objectMapper()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(status));
    } else {
      out().print(StatusView.render(status));
      if (!status.phase().isFinal()) {
        WorkflowExecutionStatus ended = abnormalEnd();
        if (ended != null) {
          out()
              .println(
                  "NOTE: the workflow ended as "
                      + describe(ended)
                      + " in phase "
                      + status.phase()
                      + "; nothing goes on. Its history in Temporal tells why.");
        }
      }
    }
    out().flush();
    return ExitCodes.OK;
  }

  /**
   * The status query needs an orchestrator worker. Without one, Temporal still holds what the
   * rollout last recorded in its search attributes: say that much, and that it is not all.
   */
  private int fromSearchAttributes(RuntimeException queryFailure) {
    WorkflowExecutionDescription description =
        onRollout(() -> WorkflowStub.fromTyped(rollout()).describe());
    SearchAttributes attributes = description.getTypedSearchAttributes();
    List<String> local = attributes.get(RolloutSearchAttributes.LOCAL_COPY);
    out()
        .printf(
            "The rollout %s does not answer its status query (is an orchestrator worker running?):"
                + " %s%n",
            rolloutId(), Failures.rootMessage(queryFailure));
    out().printf("From the rollout's search attributes in Temporal:%n");
    out().printf("  Workflow:          %s%n", describe(description.getStatus()));
    out()
        .printf("  Phase:             %s%n", orDash(attributes.get(RolloutSearchAttributes.PHASE)));
    out()
        .printf(
            "  Target version:    %s%n",
            orDash(attributes.get(RolloutSearchAttributes.TARGET_VERSION)));
    out()
        .printf(
            "  On local DB copy:  %s%n",
            local == null || local.isEmpty()
                ? "none recorded"
                : String.join(", ", local) + " (or being installed onto one)");
    out().flush();
    return ExitCodes.FAILED;
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
