package org.umsrollout.workflows.temporal;

/** The task queues of the rollout: one for the orchestrator, one per UMS host. */
public final class TaskQueues {
  /** Where the orchestrator worker runs rollout workflows and central activities. */
  public static final String ORCHESTRATOR = "ums-rollout";

  private TaskQueues() {}

  /** The queue the host agent on {@code host} polls. */
  public static String host(String host) {
    return "ums-host/" + host;
  }
}
