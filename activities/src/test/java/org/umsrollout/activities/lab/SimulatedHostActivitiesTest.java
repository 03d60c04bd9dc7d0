package org.umsrollout.activities.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.host.HostActivitiesImpl;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.ports.HostActivities;
import org.umsrollout.workflows.ports.InstallRequest;
import org.umsrollout.workflows.ports.InstallResult;

/** The install activity against the lab: it reads the host's state first, so retries are safe. */
class SimulatedHostActivitiesTest {
  @TempDir Path dir;
  private Lab lab;
  private TestActivityEnvironment env;
  private HostActivities activities;

  @BeforeEach
  void setUp() {
    String url = "jdbc:h2:file:" + dir.resolve("lab").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    lab =
        Lab.createAfresh(LabTest.inventory(url), LabTest.INSTALLED, LabTest.PATH, LabTest.SHA)
            .installDuration(Duration.ofMillis(300));
    env = TestActivityEnvironment.newInstance(TestEnvironmentOptions.getDefaultInstance());
    env.registerActivitiesImplementations(
        new HostActivitiesImpl(new SimulatedUmsHost(lab, "ums-srv-1")));
    activities =
        env.newActivityStub(
            HostActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setHeartbeatTimeout(Duration.ofSeconds(3))
                .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    lab.close();
  }

  private static InstallRequest install() {
    return new InstallRequest(
        "ums-srv-1", HostRole.SERVER, LabTest.TARGET, LabTest.PATH, LabTest.SHA);
  }

  @Test
  @DisplayName("a retried install after success is a no-op")
  void retriedInstallAfterSuccessIsANoOp() {
    InstallResult first = activities.install(install());
    InstallResult retried = activities.install(install());

    assertThat(first.alreadyInstalled()).isFalse();
    assertThat(first.installerReport()).isEqualTo("1 of 2 servers updated");
    assertThat(retried.alreadyInstalled()).isTrue();
    assertThat(retried.after().version()).isEqualTo(LabTest.TARGET);
    assertThat(lab.installsRun("ums-srv-1")).isEqualTo(1);
  }

  @Test
  @DisplayName("an install retried while the installer still runs waits for it, heartbeating")
  void retriedInstallWhileInstallerRunsWaitsForIt() throws Exception {
    Thread deadAgent = new Thread(() -> lab.install("ums-srv-1", LabTest.TARGET, (p, m) -> {}));
    deadAgent.setUncaughtExceptionHandler((t, e) -> {});
    deadAgent.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> lab.installing("ums-srv-1"));
    deadAgent.interrupt();
    deadAgent.join();
    List<String> heartbeats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String.class, heartbeats::add);

    InstallResult retried = activities.install(install());

    assertThat(retried.alreadyInstalled()).isFalse();
    assertThat(retried.installerReport()).isEqualTo("1 of 2 servers updated");
    assertThat(heartbeats).anyMatch(h -> h.contains("installing " + LabTest.TARGET));
    assertThat(lab.installsRun("ums-srv-1")).isEqualTo(1);
  }
}
