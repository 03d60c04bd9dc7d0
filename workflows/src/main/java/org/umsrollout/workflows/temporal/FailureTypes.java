package org.umsrollout.workflows.temporal;

/** The {@code ApplicationFailure} types the rollout raises and recognises, in one place. */
public enum FailureTypes {
  /** The installer on a host is missing or differs (P1). */
  INSTALLER_MISMATCH,
  /**
   * The host's agent refuses the installer the rollout names: not in the directory or not of the
   * name its own configuration allows, or a checksum it does not pin.
   */
  INSTALLER_REFUSED,
  /** An install failed in a way retrying will not fix. */
  INSTALL_FAILED,
  /**
   * The installer an earlier attempt started is gone without an exit code (killed, the host
   * rebooted): the host may be half-updated, so only an operator's retry starts it again.
   */
  INSTALLER_GONE,
  /** Rights or a writable {@code /root} are missing on the host (P6). */
  INSTALL_RIGHTS,
  /** A backup could not be made or read back (P3). */
  BACKUP_FAILED,
  /** The host is not the kind of host the activity asks for. */
  WRONG_HOST,
  /** An operator's input was refused (unknown gate, gate not open, approver not allowed). */
  REFUSED_INPUT;

  public String type() {
    return name();
  }
}
