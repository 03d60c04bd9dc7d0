package org.umsrollout.activities.host;

/**
 * The agent refuses an installer a rollout named: outside the directory the agent's own
 * configuration allows, not named as its pattern says, of another version, or with a checksum the
 * configuration does not pin. Retrying changes nothing; the refusal is recorded on the host.
 */
public class InstallerRefusedException extends RuntimeException {
  public InstallerRefusedException(String message) {
    super(message);
  }
}
