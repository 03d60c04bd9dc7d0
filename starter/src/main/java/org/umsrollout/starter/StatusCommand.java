package org.umsrollout.starter;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.DataConverters;
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
    RolloutStatus status = status();
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
}
