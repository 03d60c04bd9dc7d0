package org.umsrollout.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;

/** One HA network of the lab and the rollouts of it, started as the CLI starts them. */
final class Site implements AutoCloseable {
  static final String INSTALLED = "12.04.120";
  static final String TARGET = "12.05.100";
  static final String INSTALLER_PATH = "/opt/IGEL/setup-igel-ums-linux_12.05.100.bin";
  static final String INSTALLER_SHA =
      "da88685370840ab5d279c26b233b96fc4816e2b85cf06b5a9c74affda236e755";

  final Inventory inventory;
  final Lab lab;
  private final Duration install;

  /**
   * A lab network named {@code site}: hosts {@code <prefix>srv-N}, {@code <prefix>lb-N}, {@code
   * <prefix>console-N}, all on 12.04.120, its productive database at {@code jdbcUrl}.
   */
  Site(
      String site,
      String prefix,
      int servers,
      int lbs,
      int consoles,
      String jdbcUrl,
      Duration install) {
    this.install = install;
    inventory =
        new Inventory(
            site,
            new DatabaseSpec(DatabaseKind.EMBEDDED, jdbcUrl, null, null, null, null),
            IntStream.rangeClosed(1, servers)
                .mapToObj(i -> new ServerSpec(prefix + "srv-" + i, null))
                .toList(),
            IntStream.rangeClosed(1, lbs)
                .mapToObj(i -> new ComponentSpec(prefix + "lb-" + i))
                .toList(),
            IntStream.rangeClosed(1, consoles)
                .mapToObj(i -> new ComponentSpec(prefix + "console-" + i))
                .toList());
    lab =
        Lab.createAfresh(inventory, INSTALLED, INSTALLER_PATH, INSTALLER_SHA)
            .installDuration(install);
  }

  /** An in-memory site: H2 in this JVM. */
  static Site inMemory(
      String site, String prefix, int servers, int lbs, int consoles, Duration install) {
    return new Site(
        site,
        prefix,
        servers,
        lbs,
        consoles,
        "jdbc:h2:mem:" + site + ";DB_CLOSE_DELAY=-1",
        install);
  }

  String name() {
    return inventory.site();
  }

  List<String> hosts() {
    return lab.hostNames();
  }

  /** Every host back on 12.04.120, as before the first rollout; the agents' lab stays the same. */
  void reset() {
    try (Lab fresh = Lab.createAfresh(inventory, INSTALLED, INSTALLER_PATH, INSTALLER_SHA)) {
      fresh.installDuration(install);
    }
  }

  /**
   * A rollout request; the gates in {@code approvals} wait for an operator. Lab servers reconnect
   * as soon as the schema is renewed, so they get 1 s before V3.
   */
  RolloutRequest request(List<String> approvals, int heartbeatSeconds) {
    Policy policy =
        new Policy(approvals, 600, heartbeatSeconds, 30, 5, null, null, null, null)
            .withBounds(null, 1, null);
    return new RolloutRequest(
        inventory, TARGET, new Installer(INSTALLER_PATH, INSTALLER_SHA), policy, "bench");
  }

  /** Starts a rollout as {@code umsrollout start} does: its id, search attributes and queue. */
  RolloutWorkflow start(WorkflowClient client, RolloutRequest request) {
    RolloutWorkflow rollout =
        client.newWorkflowStub(
            RolloutWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RolloutIds.workflowId(name()))
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(RolloutSearchAttributes.SITE, name())
                        .set(RolloutSearchAttributes.TARGET_VERSION, TARGET)
                        .set(RolloutSearchAttributes.PHASE, Phase.SUBMITTED.name())
                        .build())
                .build());
    WorkflowClient.start(rollout::run, request);
    return rollout;
  }

  /** The result; fails unless the rollout completed. */
  static RolloutResult completed(RolloutWorkflow rollout, Duration timeout) {
    RolloutResult result;
    try {
      result =
          WorkflowStub.fromTyped(rollout)
              .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, RolloutResult.class);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no result within " + timeout, e);
    }
    if (result.outcome() != Phase.COMPLETED) {
      throw new IllegalStateException(
          "rollout ended " + result.outcome() + ": " + result.message());
    }
    return result;
  }

  /**
   * Approves every gate that opens, as {@code demo --auto-approve} does, polling the status every
   * {@code poll}; answers the milliseconds each gate stood open before this approved it (as seen
   * through the polls), until the rollout ends.
   */
  static List<Long> autoApprove(RolloutWorkflow rollout, Duration poll) {
    List<Long> waits = new ArrayList<>();
    List<String> approved = new ArrayList<>();
    RolloutStatus status;
    do {
      Bench.pause(poll);
      status = rollout.status();
      for (GateView gate : status.openGates()) {
        if (!approved.contains(gate.gate())) {
          approved.add(gate.gate());
          long seen = System.currentTimeMillis();
          rollout.approveGate(new GateDecision(gate.gate(), "bench --auto-approve", "bench run"));
          waits.add(System.currentTimeMillis() - seen + poll.toMillis() / 2);
        }
      }
    } while (!status.phase().isFinal());
    return waits;
  }

  @Override
  public void close() {
    lab.close();
  }
}
