package org.umsrollout.workflows.status;

/** How far the rollout has come with one host. */
public enum HostState {
  PENDING,
  CHECKED,
  INSTALLING,
  UPDATED,
  /** Already on the target version: nothing to install (P4). */
  SKIPPED,
  FAILED,
  VERIFIED
}
