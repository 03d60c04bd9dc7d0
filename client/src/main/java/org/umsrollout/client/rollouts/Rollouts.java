package org.umsrollout.client.rollouts;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.SearchAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/**
 * Rollouts as Temporal's visibility records them: their search attributes and execution status,
 * readable while no orchestrator runs. Lists filter by the rollout's search attributes.
 */
public final class Rollouts {
  /** The workflow type of a rollout ({@code @WorkflowMethod(name = ...)} of RolloutWorkflow). */
  public static final String WORKFLOW_TYPE = "UmsRollout";

  private Rollouts() {}

  /**
   * Which rollouts a list shows; a null field matches every rollout.
   *
   * @param phase a {@link org.umsrollout.workflows.status.Phase} name
   */
  public record Filter(String site, String phase, String targetVersion, boolean runningOnly) {

    public Filter {
      for (String value : new String[] {site, phase, targetVersion}) {
        if (value != null && (value.contains("'") || value.contains("\\"))) {
          throw new IllegalArgumentException("quotes and backslashes cannot be matched: " + value);
        }
      }
    }

    /** The visibility query of this filter, on the rollout's search attributes. */
    public String query() {
      StringBuilder query = new StringBuilder("WorkflowType = '" + WORKFLOW_TYPE + "'");
      equal(query, RolloutSearchAttributes.SITE.getName(), site);
      equal(query, RolloutSearchAttributes.PHASE.getName(), phase);
      equal(query, RolloutSearchAttributes.TARGET_VERSION.getName(), targetVersion);
      if (runningOnly) {
        query.append(" AND ExecutionStatus = 'Running'");
      }
      return query.toString();
    }

    boolean matches(RolloutView view) {
      return (site == null || site.equals(view.site()))
          && (phase == null || phase.equals(view.phase()))
          && (targetVersion == null || targetVersion.equals(view.targetVersion()))
          && (!runningOnly || RolloutView.RUNNING.equals(view.outcome()));
    }

    private static void equal(StringBuilder query, String attribute, String value) {
      if (value != null) {
        query.append(" AND ").append(attribute).append(" = '").append(value).append('\'');
      }
    }
  }

  /**
   * The newest rollouts that match {@code filter}, at most {@code limit}, newest first. A service
   * without visibility queries (the in-memory one of the demo) is asked for its open and closed
   * rollouts instead, filtered here.
   */
  public static List<RolloutView> list(WorkflowClient client, Filter filter, int limit) {
    try (Stream<WorkflowExecutionMetadata> executions = client.listExecutions(filter.query())) {
      return executions.limit(limit).map(Rollouts::view).toList();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      return withoutQueries(client, filter, limit);
    }
  }

  /** What visibility records of one rollout run, without the orchestrator's status. */
  public static RolloutView view(WorkflowExecutionMetadata execution) {
    SearchAttributes attributes = execution.getTypedSearchAttributes();
    String workflowStatus = describe(execution.getStatus());
    String phase = attributes.get(RolloutSearchAttributes.PHASE);
    String site = attributes.get(RolloutSearchAttributes.SITE);
    String workflowId = execution.getExecution().getWorkflowId();
    return new RolloutView(
        workflowId,
        execution.getExecution().getRunId(),
        site != null ? site : siteOf(workflowId),
        phase,
        attributes.get(RolloutSearchAttributes.TARGET_VERSION),
        attributes.get(RolloutSearchAttributes.LOCAL_COPY),
        workflowStatus,
        RolloutView.outcome(workflowStatus, phase),
        time(execution.getStartTime()),
        time(execution.getCloseTime()),
        RolloutView.FROM_VISIBILITY,
        null);
  }

  /** RUNNING, COMPLETED, TERMINATED, ...: the status without the protocol's prefix. */
  public static String describe(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  private static List<RolloutView> withoutQueries(WorkflowClient client, Filter filter, int limit) {
    String namespace = client.getOptions().getNamespace();
    WorkflowTypeFilter type = WorkflowTypeFilter.newBuilder().setName(WORKFLOW_TYPE).build();
    var service = client.getWorkflowServiceStubs().blockingStub();
    List<WorkflowExecutionInfo> infos =
        new ArrayList<>(
            service
                .listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setTypeFilter(type)
                        .setMaximumPageSize(1000)
                        .build())
                .getExecutionsList());
    if (!filter.runningOnly()) {
      infos.addAll(
          service
              .listClosedWorkflowExecutions(
                  ListClosedWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace)
                      .setTypeFilter(type)
                      .setMaximumPageSize(1000)
                      .build())
              .getExecutionsList());
    }
    // These lists leave the search attributes out; describing each run gives them.
    return infos.stream()
        .map(info -> new WorkflowExecutionMetadata(info, client.getOptions().getDataConverter()))
        .sorted(
            Comparator.comparing(
                WorkflowExecutionMetadata::getStartTime, Comparator.reverseOrder()))
        .map(
            run ->
                client
                    .newUntypedWorkflowStub(
                        run.getExecution().getWorkflowId(),
                        Optional.of(run.getExecution().getRunId()),
                        Optional.empty())
                    .describe())
        .map(Rollouts::view)
        .filter(filter::matches)
        .limit(limit)
        .toList();
  }

  private static String siteOf(String workflowId) {
    return workflowId.startsWith("rollout/") ? workflowId.substring("rollout/".length()) : null;
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
