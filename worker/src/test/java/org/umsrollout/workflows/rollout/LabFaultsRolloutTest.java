package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.HostDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.NetworkEntry;
import org.umsrollout.workflows.status.HostState;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;

/**
 * The lab's harsher faults, each against the whole rollout: an installer that fails after putting
 * its server in update mode, a Network list that lags behind, and a host agent that does not poll.
 * Past the point of no return each holds the rollout, keeps every server on a local copy in view,
 * and, once an operator answers, ends without an old server on a renewed schema (S1, S6).
 */
class LabFaultsRolloutTest {
  private static final String FIRST = Gate.FIRST_SERVER.id();
  private static final String LBS = Gate.LOAD_BALANCERS.id();

  private LabRollout lab;

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  /** Only these gates wait; activities are tried {@code attempts} times; short host calls. */
  private static Policy policy(List<String> gates, int attempts, Integer agentPickupSeconds) {
    return new Policy(gates, null, null, 1, attempts, null, null, null, null)
        .withBounds(agentPickupSeconds, null, null);
  }

  /** The lab's servers on a local copy must all be in the rollout's set (read lab, set, lab). */
  private void assertLocalCopyCovered(RolloutWorkflow rollout) {
    Set<String> before = new HashSet<>(lab.lab.serversOnLocalCopy());
    RolloutStatus status = rollout.status();
    before.retainAll(lab.lab.serversOnLocalCopy());
    before.removeAll(status.takenOutOfNetwork());
    assertThat(status.serversOnLocalCopy())
        .as("the rollout's local-copy set at phase %s", status.phase())
        .containsAll(before);
  }

  @Test
  @DisplayName(
      "S1, S6: a server whose installer failed after switching it to update mode holds the rollout"
          + " and is counted on its local copy, in the status and in UmsLocalCopy")
  void serverLeftInUpdateModeByItsInstallerIsHeldAndCounted_S1_S6() {
    lab = new LabRollout();
    lab.lab.failInstallsInUpdateMode("ums-srv-2", 1, true);
    RolloutWorkflow rollout = lab.start(lab.request(policy(List.of(), 1, null)));

    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));

    assertThat(held.waitingFor()).contains("failed after switching the server to update mode");
    assertThat(lab.lab.status("ums-srv-2").mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(lab.lab.serversOnLocalCopy()).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(held.serversOnLocalCopy()).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(lab.localCopyAttribute(rollout)).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(held.host("ums-srv-2").state()).isEqualTo(HostState.FAILED);

    rollout.retryHost(new HostDecision("ums-srv-2", "ops", "installer log checked"));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.oldServersServingOnNewerSchema()).isEmpty();
    assertThat(lab.lab.installerStarts("ums-srv-2")).isEqualTo(2);
    assertThat(lab.lab.installsRun("ums-srv-2")).isEqualTo(1);
    assertThat(lab.lab.momentsWithoutServingServer()).isZero();
    assertThat(result.status().serversOnLocalCopy()).isEmpty();
    assertThat(lab.localCopyAttribute(rollout)).isEmpty();
  }

  @Test
  @DisplayName(
      "S6: a server left in update mode by its failed installer and skipped with confirmation is"
          + " taken out before any server renews the schema, so it never serves on it")
  void serverLeftInUpdateModeAndSkippedNeverServesOnTheRenewedSchema_S6() {
    lab = new LabRollout();
    lab.lab.failInstallsInUpdateMode("ums-srv-2", 10, true);
    RolloutWorkflow rollout = lab.start(lab.request(policy(List.of(), 1, null)));
    lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));

    rollout.skipHost(new HostDecision("ums-srv-2", "ops-lead", "hardware swap", true));
    List<String> oldOnNew = new ArrayList<>();
    RolloutStatus end =
        lab.awaitStatus(
            rollout,
            s -> {
              oldOnNew.addAll(lab.lab.oldServersServingOnNewerSchema());
              return s.phase().isFinal();
            });

    assertThat(oldOnNew).as("an old server serving on the renewed schema, at any poll").isEmpty();
    assertThat(lab.lab.productiveSchema()).isEqualTo("12.05");
    assertThat(lab.lab.takenOut("ums-srv-2")).isTrue();
    assertThat(lab.lab.servingServers()).doesNotContain("ums-srv-2");
    assertThat(end.takenOutOfNetwork()).containsExactly("ums-srv-2");
    assertThat(end.phase()).isEqualTo(Phase.FAILED_VERIFICATION);
    assertThat(lab.result(rollout).message()).contains("ums-srv-2: taken out of the HA network");
  }

  @Test
  @DisplayName(
      "S1: a transient installer failure in update mode is retried; meanwhile the server stays"
          + " counted on its local copy")
  void transientFailureInUpdateModeIsRetriedWhileTheServerStaysCounted_S1() {
    lab = new LabRollout();
    lab.lab.failInstallsInUpdateMode("ums-srv-2", 1, false);
    RolloutWorkflow rollout = lab.start(lab.request(policy(List.of(), 2, null)));

    lab.awaitStatus(
        rollout,
        s -> {
          if (lab.lab.installsFailed("ums-srv-2") == 0 || lab.lab.installing("ums-srv-2")) {
            return false;
          }
          assertThat(lab.lab.serversOnLocalCopy()).contains("ums-srv-2");
          assertThat(s.serversOnLocalCopy()).as("between the attempts").contains("ums-srv-2");
          return true;
        });
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().findings())
        .anySatisfy(f -> assertThat(f.message()).contains("install needed 2 attempts"));
    assertThat(lab.lab.oldServersServingOnNewerSchema()).isEmpty();
  }

  @Test
  @DisplayName(
      "N2, S1: a lagging Network list never takes a server off the local-copy set early, and"
          + " keeps one counted while it still shows it in update mode")
  void laggingNetworkListNeverUnderReports_N2_S1() {
    lab = new LabRollout();
    lab.lab
        .networkListLag(Duration.ofSeconds(10))
        .installDuration("ums-srv-1", Duration.ofMillis(600))
        .installDuration("ums-srv-3", Duration.ofMillis(600));
    RolloutWorkflow rollout = lab.start(lab.request(policy(List.of(FIRST, LBS), 1, null)));
    lab.awaitOpenGate(rollout, FIRST);
    rollout.approveGate(new GateDecision(FIRST, "ops", null));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-1").state() == HostState.INSTALLING);
    rollout.pause(new OperatorRequest("ops", "look at the Network list"));

    RolloutStatus paused =
        lab.awaitStatus(
            rollout, s -> s.waitingFor() != null && s.waitingFor().startsWith("resume"));
    assertThat(lab.lab.status("ums-srv-1").mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(serverEntry("ums-srv-1").mode()).as("the list lags").isEqualTo("NORMAL");
    assertThat(paused.serversOnLocalCopy())
        .as("counted while the agent reads it in update mode")
        .containsExactly("ums-srv-1");
    assertThat(lab.localCopyAttribute(rollout)).containsExactly("ums-srv-1");

    lab.lab.networkListCatchesUp().networkListLag(Duration.ZERO);
    rollout.resume(new OperatorRequest("ops", null));
    lab.awaitStatus(rollout, s -> s.host("ums-srv-3").state() == HostState.INSTALLING);
    lab.lab.networkListLag(Duration.ofSeconds(10));
    RolloutStatus atLbs =
        lab.awaitStatus(
            rollout,
            s -> {
              assertLocalCopyCovered(rollout);
              return s.openGates().stream().anyMatch(g -> g.gate().equals(LBS));
            });

    assertThat(lab.lab.serversOnLocalCopy()).as("every server reconnected").isEmpty();
    assertThat(serverEntry("ums-srv-1").mode()).as("the list lags").isEqualTo("UPDATE");
    assertThat(serverEntry("ums-srv-2").mode()).as("the list lags").isEqualTo("UPDATE");
    assertThat(atLbs.serversOnLocalCopy())
        .as("counted while the Network list shows update mode")
        .containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(atLbs.freezeSinceMillis()).as("S2: the freeze goes on").isNotNull();

    lab.lab.networkListCatchesUp().networkListLag(Duration.ZERO);
    rollout.approveGate(new GateDecision(LBS, "ops", null));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(result.status().serversOnLocalCopy()).isEmpty();
    assertThat(lab.localCopyAttribute(rollout)).isEmpty();
    assertThat(lab.lab.oldServersServingOnNewerSchema()).isEmpty();
  }

  private NetworkEntry serverEntry(String host) {
    return lab.lab.networkList().stream()
        .filter(e -> e.host().equals(host) && NetworkEntry.SERVER.equals(e.type()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "S6: an install no agent picks up holds the rollout naming the queue nobody polls; after the"
          + " agent is back and an operator retries, it completes")
  void installNoAgentPicksUpHoldsNamingTheQueue_S6() {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start(lab.request(policy(List.of(FIRST), 1, 1)));
    lab.awaitOpenGate(rollout, FIRST);
    lab.stopAgent("ums-srv-2");
    rollout.approveGate(new GateDecision(FIRST, "ops", null));

    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));

    assertThat(held.waitingFor())
        .contains("no agent polling ums-host/ums-srv-2")
        .contains("start the host agent on ums-srv-2");
    assertThat(held.serversOnLocalCopy()).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(lab.localCopyAttribute(rollout)).containsExactly("ums-srv-1", "ums-srv-2");
    assertThat(lab.lab.installerStarts("ums-srv-2")).isZero();
    assertThat(lab.lab.serversOnLocalCopy()).containsExactly("ums-srv-1");

    lab.startAgent("ums-srv-2");
    rollout.retryHost(new HostDecision("ums-srv-2", "ops", "agent restarted"));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.oldServersServingOnNewerSchema()).isEmpty();
    assertThat(lab.lab.installsRun("ums-srv-2")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "S6: an agent that dies while its installer runs holds the rollout, not fails it; the"
          + " installer runs on and is not started twice")
  void agentDyingMidInstallHoldsAndTheInstallerRunsOnce_S6() {
    lab = new LabRollout();
    lab.lab.installDuration("ums-srv-2", Duration.ofSeconds(2));
    RolloutWorkflow rollout = lab.start(lab.request(oneTryShortTimeouts()));
    lab.awaitStatus(rollout, s -> lab.lab.installing("ums-srv-2"));
    lab.stopAgent("ums-srv-2");

    RolloutStatus held = lab.awaitStatus(rollout, s -> "ums-srv-2".equals(s.heldAt()));

    assertThat(held.phase()).isEqualTo(Phase.UPDATING_SERVERS);
    assertThat(held.waitingFor()).contains("install of 12.05.100 on ums-srv-2 failed");
    lab.startAgent("ums-srv-2");
    rollout.retryHost(new HostDecision("ums-srv-2", "ops", "agent restarted"));
    RolloutResult result = lab.result(rollout);

    assertThat(result.outcome()).as(result.message()).isEqualTo(Phase.COMPLETED);
    assertThat(lab.lab.installerStarts("ums-srv-2")).isEqualTo(1);
    assertThat(lab.lab.oldServersServingOnNewerSchema()).isEmpty();
  }

  /** No gate waits; one try; a second of heartbeat, host call and agent pickup. */
  static Policy oneTryShortTimeouts() {
    return new Policy(List.of(), null, 1, 1, 1, null, null, null, null).withBounds(1, null, null);
  }

  @Test
  @DisplayName("P1: an agent that does not answer in preparation refuses the rollout untouched")
  void prepareRefusesWhenAnAgentDoesNotAnswer_P1() {
    lab = LabRollout.withoutAgentOn("ums-lb-1");

    RolloutResult result = lab.result(lab.start(lab.request(policy(List.of(), 1, 1))));

    assertThat(result.outcome()).isEqualTo(Phase.REFUSED);
    assertThat(result.message())
        .contains("ums-lb-1: host agent did not answer")
        .contains("nothing was touched");
    assertThat(result.status().pointOfNoReturnPassed()).isFalse();
    assertThat(result.status().backup()).as("no backup taken").isNull();
    assertThat(lab.lab.hostNames())
        .allSatisfy(h -> assertThat(lab.lab.installerStarts(h)).as(h).isZero());
  }
}
