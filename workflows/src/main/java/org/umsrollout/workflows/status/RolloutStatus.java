package org.umsrollout.workflows.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The whole state of a rollout, as the status query returns it.
 *
 * @param serversOnLocalCopy the servers that run on a local copy of the database right now (S1)
 * @param freezeSinceMillis since when changes to the network are lost (S2), or null
 * @param pointOfNoReturnPassed whether the first server has been installed (S6)
 * @param freezeAlert the change freeze has lasted longer than the policy allows (S2)
 * @param heldAt the host or check the rollout holds at until an operator decides, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RolloutStatus(
    String rolloutId,
    String site,
    String targetVersion,
    Phase phase,
    String waitingFor,
    boolean paused,
    String pausedBy,
    int serversUpdated,
    int serversTotal,
    String progress,
    List<String> serversOnLocalCopy,
    Long freezeSinceMillis,
    boolean pointOfNoReturnPassed,
    boolean freezeAlert,
    String heldAt,
    String productiveSchema,
    List<HostView> hosts,
    List<GateView> gates,
    List<String> orphans,
    BackupRecord backup,
    List<Finding> findings,
    List<TimelineEntry> timeline,
    List<String> takenOutOfNetwork) {

  public RolloutStatus {
    takenOutOfNetwork = takenOutOfNetwork == null ? List.of() : List.copyOf(takenOutOfNetwork);
  }

  public List<GateView> openGates() {
    return gates.stream().filter(g -> g.state() == GateState.OPEN).toList();
  }

  public HostView host(String name) {
    return hosts.stream()
        .filter(h -> h.host().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in this rollout"));
  }
}
