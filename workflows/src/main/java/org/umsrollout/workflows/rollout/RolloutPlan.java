package org.umsrollout.workflows.rollout;

import java.util.ArrayList;
import java.util.List;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.HostRef;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;

/**
 * The steps a rollout will take for a request, in order, as an operator reads them before
 * submitting it: what each step does, which gates wait for approval, and where the point of no
 * return lies (S6). It reads nothing from the network; the checks themselves run in the rollout.
 */
public final class RolloutPlan {
  private RolloutPlan() {}

  public static List<String> steps(RolloutRequest request) {
    Policy policy = request.effectivePolicy();
    List<String> servers = hosts(request, HostRole::isServer);
    List<String> loadBalancers = hosts(request, r -> r == HostRole.LOAD_BALANCER);
    List<String> consoles = hosts(request, r -> r == HostRole.CONSOLE);
    List<String> steps = new ArrayList<>();
    steps.add(
        "P1: check that "
            + request.installer().path()
            + " with SHA-256 "
            + request.installer().sha256()
            + " is on all "
            + request.inventory().hosts().size()
            + " hosts");
    steps.add(
        "P4: read every host's version; refuse an older one across Major.Minor, skip hosts on "
            + request.targetVersion());
    steps.add("P6: check the installer's rights on every server (refuse otherwise)");
    steps.add(
        "T1: "
            + (Inventory.TEST.equals(request.inventory().stage())
                ? "a test installation: try the version here first"
                : "look for a completed rollout of this version on the test installation; "
                    + gate(policy, Gate.UNTESTED_VERSION)
                    + " without one"));
    steps.add(
        "P5: check that the server clocks differ by at most "
            + policy.maxClockSkewSeconds()
            + " s (hold for a recheck otherwise)");
    steps.add(
        "P3: back up the "
            + request.inventory().database().kind()
            + " database with the vendor's method and read the backup back");
    steps.add(
        "P2: compare the UMS Network list with the inventory; "
            + gate(policy, Gate.REMOVE_ORPHANS)
            + " before orphaned entries are deleted");
    steps.add(
        gate(policy, Gate.FIRST_SERVER)
            + ": POINT OF NO RETURN (S6): from the first server on, the network is whole again"
            + " only when every server is updated, or from the backup in a separate HA network;"
            + " past it every failure holds for an operator. If the gate waits over "
            + policy.recheckAfterSeconds()
            + " s, P1, P4 and P5 are checked again and a fresh backup taken first");
    int n = 0;
    for (String server : servers) {
      n++;
      steps.add(
          "S1/S3: check that another server serves, then install "
              + request.targetVersion()
              + " on "
              + server
              + " ("
              + n
              + " of "
              + servers.size()
              + ")"
              + (n == 1 ? "; change freeze begins (S2)" : "")
              + (n == servers.size() ? "; it renews the productive schema (S5)" : "")
              + (request.inventory().database().isAdNative()
                  ? "; then reset the IGEL RMGUIServer service logon and restart it (S4)"
                  : ""));
    }
    steps.add(
        "S5/V3: give the servers up to "
            + policy.reconnectWaitSeconds()
            + " s to reconnect, then switch back those that did not ("
            + gate(policy, Gate.END_UPDATE_MODE)
            + ")");
    if (!loadBalancers.isEmpty() || !consoles.isEmpty()) {
      steps.add(gate(policy, Gate.LOAD_BALANCERS));
      loadBalancers.forEach(
          lb -> steps.add("C1: install " + request.targetVersion() + " on " + lb));
      consoles.forEach(c -> steps.add("C1: install " + request.targetVersion() + " on " + c));
    }
    steps.add(
        "V1-V4: verify every host: version, services running, servers in normal mode on the"
            + " productive database, Network list");
    return steps;
  }

  private static String gate(Policy policy, Gate gate) {
    return "gate "
        + gate.id()
        + (policy.needsApproval(gate) ? " (waits for approval)" : " (passes: no approval)");
  }

  private static List<String> hosts(
      RolloutRequest request, java.util.function.Predicate<HostRole> role) {
    return request.inventory().hosts().stream()
        .filter(h -> role.test(h.role()))
        .map(HostRef::host)
        .toList();
  }
}
