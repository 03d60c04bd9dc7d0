package org.umsrollout.activities.host.local;

import org.umsrollout.activities.host.InstallFailedException;

/**
 * The installer a recorded attempt started is gone without an exit code (killed, host rebooted):
 * the host may be half-updated. Permanent, so the rollout holds for an operator instead of starting
 * the installer again; an automatic retry of the attempt that reported it is refused too. The
 * operator's own retry, a new activity, starts the installer again.
 */
public final class InstallerGoneException extends InstallFailedException {
  private final String version;
  private final long pid;

  @Override
  public boolean hostInDoubt() {
    return true;
  }

  InstallerGoneException(String host, DetachedInstaller.Record record) {
    super(
        host
            + ": installer for "
            + record.version()
            + " started "
            + record.started()
            + " (pid "
            + record.pid()
            + ") is gone without an exit code: the host may be half-updated; check it before you"
            + " retry (its output is in "
            + record.stdout()
            + " and "
            + record.stderr()
            + ")",
        true);
    this.version = record.version();
    this.pid = record.pid();
  }

  public String version() {
    return version;
  }

  public long pid() {
    return pid;
  }
}
