package org.umsrollout.workflows.rules;

import org.umsrollout.workflows.model.UmsVersion;

/** P4: what may be installed over what. The schema follows Major.Minor and never goes back. */
public final class VersionRule {

  /** What to do with a host, given its installed version and the target. */
  public enum Verdict {
    /** Newer than installed, or nothing installed yet. */
    UPGRADE,
    /** Older, but within the same Major.Minor: allowed. */
    DOWNGRADE_WITHIN_SCHEMA,
    /** Already on the target: nothing to install. */
    ALREADY_ON_TARGET,
    /** Older across Major.Minor: impossible in place. */
    REFUSED
  }

  private VersionRule() {}

  public static Verdict judge(String installed, UmsVersion target) {
    if (installed == null || installed.isBlank()) {
      return Verdict.UPGRADE;
    }
    UmsVersion current = UmsVersion.parse(installed);
    int order = target.compareTo(current);
    if (order == 0) {
      return Verdict.ALREADY_ON_TARGET;
    }
    if (order > 0) {
      return Verdict.UPGRADE;
    }
    return target.sameMajorMinor(current) ? Verdict.DOWNGRADE_WITHIN_SCHEMA : Verdict.REFUSED;
  }

  /** What an operator reads when the rule refuses. */
  public static String refusal(String host, String installed, UmsVersion target) {
    return String.format(
        "%s runs %s; %s is older across Major.Minor (schema %s < %s). The schema cannot go back:"
            + " install a separate HA network and restore a backup of schema %s into it (P4)",
        host,
        installed,
        target,
        target.schemaVersion(),
        UmsVersion.parse(installed).schemaVersion(),
        target.schemaVersion());
  }
}
