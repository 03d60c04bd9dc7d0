package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.central.Checksums;
import org.umsrollout.activities.host.HostActivitiesImpl;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostActivities;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.InstallRequest;
import org.umsrollout.workflows.ports.InstallResult;
import org.umsrollout.workflows.temporal.FailureTypes;

/** The host activities over the local backend, as a host agent runs them. */
class LocalHostActivitiesTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FakeHost fake;
  private TestActivityEnvironment env;

  @BeforeEach
  void setUp() {
    fake = FakeHost.in(dir);
    env = TestActivityEnvironment.newInstance(TestEnvironmentOptions.getDefaultInstance());
  }

  @AfterEach
  void tearDown() {
    env.close();
    fake.release(0);
    fake.heldInstaller()
        .ifPresent(
            p -> {
              p.parent().ifPresent(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
            });
    await().atMost(LONG).until(() -> fake.heldInstaller().isEmpty());
  }

  private HostActivities activities(String installer) {
    return activities(installer, Duration.ofSeconds(30));
  }

  private HostActivities activities(String installer, Duration startToClose, String... extra) {
    env.registerActivitiesImplementations(
        new HostActivitiesImpl(fake.host("SERVER", installer, extra)));
    return env.newActivityStub(
        HostActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(startToClose)
            .setHeartbeatTimeout(Duration.ofSeconds(5))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private InstallRequest install() throws Exception {
    return new InstallRequest(
        "ums-srv-1",
        HostRole.SERVER,
        FakeHost.TARGET,
        fake.installerFile.toString(),
        Checksums.sha256(fake.installerFile));
  }

  @Test
  @DisplayName("install runs the installer when the version differs, then skips on a retry")
  void installRunsThenSkips() throws Exception {
    HostActivities activities = activities("installer");

    InstallResult first = activities.install(install());
    InstallResult again = activities.install(install());

    assertThat(first.alreadyInstalled()).isFalse();
    assertThat(first.installerReport()).isEqualTo("1 of 2 servers updated");
    assertThat(first.serversUpdated()).isEqualTo(1);
    assertThat(first.after().version()).isEqualTo(FakeHost.TARGET);
    assertThat(again.alreadyInstalled()).isTrue();
    assertThat(fake.installerRuns()).isEqualTo(1);
  }

  @Test
  @DisplayName("install skips when the host already runs the target version")
  void installSkipsWhenVersionMatches() throws Exception {
    fake.write("version", FakeHost.TARGET);

    InstallResult result = activities("installer").install(install());

    assertThat(result.alreadyInstalled()).isTrue();
    assertThat(fake.installerRuns()).isZero();
  }

  @Test
  @DisplayName(
      "V3: endUpdateMode does nothing on a server read in normal mode on the productive db")
  void endUpdateModeSkipsWhereDone() {
    HostStatus after =
        activities("installer").endUpdateMode(new HostQuery("ums-srv-1", HostRole.SERVER));

    assertThat(after.mode()).isEqualTo(ServerMode.NORMAL);
    assertThat(after.datasource()).isEqualTo(Datasource.PRODUCTIVE);
    assertThat(fake.read("umsadmin-calls")).isEmpty();
  }

  @Test
  @DisplayName(
      "V3: endUpdateMode runs the command where the agent cannot read mode and datasource;"
          + " unknown is not normal")
  void endUpdateModeRunsWhereModeIsUnknown() {
    HostActivities activities = activities("installer", LONG, "modeCommand:", "datasourceCommand:");

    HostStatus after = activities.endUpdateMode(new HostQuery("ums-srv-1", HostRole.SERVER));

    assertThat(fake.read("umsadmin-calls")).isEqualTo("end-update-mode");
    assertThat(after.mode()).isNull();
    assertThat(after.datasource()).isNull();
  }

  @Test
  @DisplayName("V3: endUpdateMode runs the command where only the mode reads normal")
  void endUpdateModeRunsWhereOnlyTheModeIsRead() {
    HostActivities activities = activities("installer", LONG, "datasourceCommand:");

    activities.endUpdateMode(new HostQuery("ums-srv-1", HostRole.SERVER));

    assertThat(fake.read("umsadmin-calls")).isEqualTo("end-update-mode");
  }

  @Test
  @DisplayName("P1: an installer with another checksum is refused before it runs")
  void p1MismatchRefused() throws Exception {
    InstallRequest other =
        new InstallRequest(
            "ums-srv-1",
            HostRole.SERVER,
            FakeHost.TARGET,
            fake.installerFile.toString(),
            "0".repeat(64));

    assertThatThrownBy(() -> activities("installer").install(other))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> assertThat(e.getType()).isEqualTo(FailureTypes.INSTALLER_MISMATCH.type()));
    assertThat(fake.installerRuns()).isZero();
  }

  @Test
  @DisplayName("a permanently failing installer is a non-retryable INSTALL_FAILED with stderr")
  void permanentFailureIsNonRetryable() throws Exception {
    assertThatThrownBy(() -> activities("failing-installer").install(install()))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo(FailureTypes.INSTALL_FAILED.type());
              assertThat(e.isNonRetryable()).isTrue();
              assertThat(e.getOriginalMessage()).contains("is locked by another process");
            });
  }

  @Test
  @DisplayName(
      "a cancelled install leaves the installer running; the retry of a restarted agent waits"
          + " for it, though the host already shows the new version")
  void cancelledInstallLeavesInstallerRunningForTheRetry() throws Exception {
    HostActivities first = activities("held-installer");
    CompletableFuture<InstallResult> cancelled =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return first.install(install());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(LONG).until(() -> fake.heldInstaller().isPresent());
    env.requestCancelActivity();

    assertThatThrownBy(() -> cancelled.get(LONG.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(CanceledFailure.class);
    assertThat(fake.heldInstaller()).isPresent();
    assertThat(fake.read("version")).isEqualTo(FakeHost.TARGET);

    env.close();
    env = TestActivityEnvironment.newInstance(TestEnvironmentOptions.getDefaultInstance());
    List<String> heartbeats = new CopyOnWriteArrayList<>();
    env.setActivityHeartbeatListener(String.class, heartbeats::add);
    HostActivities retry = activities("held-installer");
    CompletableFuture<InstallResult> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return retry.install(install());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await()
        .atMost(LONG)
        .until(() -> heartbeats.stream().anyMatch(h -> h.contains("Preparing " + FakeHost.TARGET)));
    fake.release(0);

    InstallResult result = waiting.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertThat(result.alreadyInstalled()).isFalse();
    assertThat(result.installerReport()).isEqualTo("1 of 2 servers updated");
    assertThat(fake.installerRuns()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "the start-to-close timeout (the policy's install timeout) bounds the wait; the installer is"
          + " left running and the failure is retryable")
  void startToCloseBoundsTheWait() throws Exception {
    HostActivities activities = activities("held-installer", Duration.ofSeconds(2));

    assertThatThrownBy(() -> activities.install(install()))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo(FailureTypes.INSTALL_FAILED.type());
              assertThat(e.isNonRetryable()).isFalse();
              assertThat(e.getOriginalMessage())
                  .contains("is still running after")
                  .contains("left running")
                  .contains("the next attempt waits for it");
            });
    assertThat(fake.heldInstaller()).isPresent();
    assertThat(fake.installerRuns()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an installer gone without an exit code is a non-retryable INSTALLER_GONE; the server can"
          + " be taken out meanwhile; the operator's retry runs it again, though the host shows"
          + " the new version")
  void goneInstallerHoldsAndTheOperatorsRetryRunsItAgain() throws Exception {
    HostActivities first = activities("held-installer");
    CompletableFuture<InstallResult> cancelled =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return first.install(install());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(LONG).until(() -> fake.heldInstaller().isPresent());
    env.requestCancelActivity();
    assertThatThrownBy(() -> cancelled.get(LONG.toSeconds(), TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(CanceledFailure.class);
    ProcessHandle installer = fake.heldInstaller().orElseThrow();
    ProcessHandle wrapper = installer.parent().orElseThrow();
    wrapper.destroyForcibly();
    installer.destroyForcibly();
    await().atMost(LONG).until(() -> !wrapper.isAlive() && !installer.isAlive());
    assertThat(fake.read("version")).isEqualTo(FakeHost.TARGET);

    env.close();
    env = TestActivityEnvironment.newInstance(TestEnvironmentOptions.getDefaultInstance());
    HostActivities afterReboot =
        activities(
            "held-installer",
            Duration.ofSeconds(30),
            "takeOutCommands: [[\""
                + dir.resolve("systemctl")
                + "\", disable, --now, \"{service}\"]]");
    assertThatThrownBy(() -> afterReboot.install(install()))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo(FailureTypes.INSTALLER_GONE.type());
              assertThat(e.isNonRetryable()).isTrue();
              assertThat(e.getOriginalMessage())
                  .contains("is gone without an exit code: the host may be half-updated");
            });
    assertThat(fake.installerRuns()).isEqualTo(1);
    assertThatCode(() -> afterReboot.takeOutOfNetwork(new HostQuery("ums-srv-1", HostRole.SERVER)))
        .as("no installer runs that would start the services again (S6)")
        .doesNotThrowAnyException();
    assertThat(fake.calls()).contains(List.of("systemctl", "disable", "--now", "igel-ums-server"));

    env.close();
    env = TestActivityEnvironment.newInstance(TestEnvironmentOptions.getDefaultInstance());
    fake.release(0);
    InstallResult retried = activities("held-installer").install(install());

    assertThat(retried.alreadyInstalled()).isFalse();
    assertThat(retried.installerReport()).isEqualTo("1 of 2 servers updated");
    assertThat(fake.installerRuns()).isEqualTo(2);
  }
}
