package org.umsrollout.starter;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "start",
    sortSynopsis = false,
    description = {
      "Starts the rollout of one HA network, described by an inventory file (YAML).",
      "One rollout a site runs at a time: a second start for a running site is refused."
    })
final class StartCommand extends RolloutCommand {

  @Mixin InventoryOptions file;

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "Who submits the rollout (default: ${DEFAULT-VALUE}).")
  String by;

  @Override
  public Integer call() {
    RolloutRequest request = file.request(by);
    String site = request.inventory().site();
    String id = RolloutIds.workflowId(site);
    WorkflowClient client = client();
    RolloutWorkflow rollout = client.newWorkflowStub(RolloutWorkflow.class, options(id, request));
    WorkflowExecution execution;
    try {
      execution = WorkflowClient.start(rollout::run, request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw CliException.failed(
          "a rollout for site "
              + site
              + " is already running (workflow id "
              + id
              + ", run id "
              + e.getExecution().getRunId()
              + "); follow it with: umsrollout watch --site "
              + site
              + ", or abort it first");
    }
    out()
        .printf(
            "started the rollout of site %s to %s%n  workflow id %s%n  run id      %s%n"
                + "follow it with:  umsrollout watch --site %s%n"
                + "status:          umsrollout status --site %s%n",
            site, request.targetVersion(), id, execution.getRunId(), site, site);
    return ExitCodes.OK;
  }

  private static WorkflowOptions options(String id, RolloutRequest request) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(TaskQueues.ORCHESTRATOR)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(RolloutSearchAttributes.SITE, request.inventory().site())
                .set(RolloutSearchAttributes.TARGET_VERSION, request.targetVersion())
                .set(RolloutSearchAttributes.PHASE, Phase.SUBMITTED.name())
                .build())
        .build();
  }
}
