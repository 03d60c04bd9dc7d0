package org.umsrollout.workflows.temporal;

/** The ids of rollout workflows: one running rollout per site. */
public final class RolloutIds {
  private RolloutIds() {}

  /** The workflow id of a site's rollout; each run of it keeps its own run id. */
  public static String workflowId(String site) {
    return "rollout/" + site;
  }
}
