package org.umsrollout.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.worker.Workers;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.model.Installer;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutIds;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;
import org.umsrollout.workflows.temporal.TaskQueues;

/** One running rollout per site: a second start for the site is refused, on the embedded server. */
class SecondRolloutRefusedTest {
  @TempDir Path backups;
  private TestWorkflowEnvironment env;
  private Lab lab;

  @AfterEach
  void tearDown() {
    env.close();
    lab.close();
  }

  @Test
  @DisplayName("a second rollout for a site whose rollout runs is refused, whatever its version")
  void secondRolloutForRunningSiteIsRefused() {
    Inventory inventory =
        new Inventory(
            "dur-second",
            new DatabaseSpec(
                DatabaseKind.EMBEDDED,
                "jdbc:h2:mem:dur-second;DB_CLOSE_DELAY=-1",
                null,
                null,
                null,
                null),
            List.of(new ServerSpec("ums-srv-1", null), new ServerSpec("ums-srv-2", null)),
            List.of(new ComponentSpec(Rig.LOAD_BALANCER)),
            List.of());
    lab = Lab.createAfresh(inventory, Rig.INSTALLED, Rig.INSTALLER_PATH, Rig.INSTALLER_SHA);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(DataConverters.rollout())
                        .build())
                .build());
    RolloutSearchAttributes.REGISTRATION.forEach(env::registerSearchAttribute);
    Workers.orchestrator(env.getWorkerFactory(), new CentralActivitiesImpl(backups));
    Workers.labAgents(env.getWorkerFactory(), lab);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    Installer installer = new Installer(Rig.INSTALLER_PATH, Rig.INSTALLER_SHA);
    RolloutWorkflow first = stub(client, inventory.site());
    WorkflowClient.start(
        first::run,
        new RolloutRequest(
            inventory, Rig.TARGET, installer, Rig.policy(List.of(Gate.FIRST_SERVER.id())), "a"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !first.status().openGates().isEmpty());

    RolloutWorkflow second = stub(client, inventory.site());
    RolloutRequest other =
        new RolloutRequest(inventory, "12.05.120", installer, Rig.policy(List.of()), "b");

    assertThatThrownBy(() -> WorkflowClient.start(second::run, other))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class)
        .hasMessageContaining(RolloutIds.workflowId(inventory.site()));
    assertThat(first.status().targetVersion()).isEqualTo(Rig.TARGET);
    assertThat(lab.hostNames()).allSatisfy(h -> assertThat(lab.installsRun(h)).isZero());
  }

  private static RolloutWorkflow stub(WorkflowClient client, String site) {
    return client.newWorkflowStub(
        RolloutWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(RolloutIds.workflowId(site))
            .setTaskQueue(TaskQueues.ORCHESTRATOR)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .build());
  }
}
