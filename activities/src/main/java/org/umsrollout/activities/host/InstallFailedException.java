package org.umsrollout.activities.host;

/**
 * An installer run failed. A {@code permanent} failure will fail again however often it is tried;
 * the rollout holds for the operator instead of retrying it.
 */
public class InstallFailedException extends RuntimeException {
  private final boolean permanent;

  public InstallFailedException(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  public boolean permanent() {
    return permanent;
  }

  /**
   * The installer ended without saying how (killed, the host rebooted): the host may be
   * half-updated, and an operator must look at it before the installer runs again.
   */
  public boolean hostInDoubt() {
    return false;
  }
}
