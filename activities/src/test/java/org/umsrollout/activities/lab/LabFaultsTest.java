package org.umsrollout.activities.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.umsrollout.activities.lab.LabTest.INSTALLED;
import static org.umsrollout.activities.lab.LabTest.PATH;
import static org.umsrollout.activities.lab.LabTest.SHA;
import static org.umsrollout.activities.lab.LabTest.TARGET;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.activities.host.InstallFailedException;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.DatabaseQuery;
import org.umsrollout.workflows.ports.NetworkEntry;

/** The lab's faults that make it as harsh as real hosts, each on its own. */
class LabFaultsTest {
  @TempDir Path dir;
  private Lab lab;

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  private Lab createLab() {
    String url = "jdbc:h2:mem:lab-faults-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    lab =
        Lab.createAfresh(LabTest.inventory(url), INSTALLED, PATH, SHA)
            .installDuration(Duration.ofMillis(10));
    return lab;
  }

  private NetworkEntry listed(String host) {
    return lab.networkList().stream()
        .filter(e -> e.host().equals(host) && NetworkEntry.SERVER.equals(e.type()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "S1, S6: an installer that fails after switching the server to update mode leaves it there,"
          + " on its local copy and its old version")
  void installerFailingAfterUpdateModeLeavesTheServerOnItsLocalCopy_S1_S6() {
    createLab()
        .installDuration(Duration.ofMillis(200))
        .failInstallsInUpdateMode("ums-srv-1", 1, true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread agent =
        new Thread(
            () -> {
              try {
                lab.install("ums-srv-1", TARGET, (p, m) -> {});
              } catch (RuntimeException e) {
                failure.set(e);
              }
            });
    agent.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> lab.installing("ums-srv-1"));
    assertThat(lab.status("ums-srv-1").mode())
        .as("in update mode as it starts")
        .isEqualTo(ServerMode.UPDATE);
    assertThat(lab.serversOnLocalCopy()).containsExactly("ums-srv-1");
    await().atMost(Duration.ofSeconds(5)).until(() -> failure.get() != null);

    assertThat(failure.get())
        .isInstanceOfSatisfying(
            InstallFailedException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("failed after switching the server to update mode");
    assertThat(lab.status("ums-srv-1").version()).isEqualTo(INSTALLED);
    assertThat(lab.status("ums-srv-1").mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(lab.status("ums-srv-1").datasource()).isEqualTo(Datasource.LOCAL_COPY);
    assertThat(lab.serversOnLocalCopy()).containsExactly("ums-srv-1");
    assertThat(lab.servingServers()).as("it serves from its local copy").contains("ums-srv-1");
    assertThat(listed("ums-srv-1").mode()).isEqualTo("UPDATE");
    assertThat(listed("ums-srv-1").serviceStatus()).isEqualTo("SERVICE_RUNNING");
    assertThat(lab.installsRun("ums-srv-1")).isZero();
    assertThat(lab.installsFailed("ums-srv-1")).isEqualTo(1);
    assertThat(lab.installerStarts("ums-srv-1")).isEqualTo(1);
  }

  @Test
  @DisplayName("a transient failure in update mode is retryable, and the next install succeeds")
  void transientFailureInUpdateModeThenSuccess() {
    createLab().failInstallsInUpdateMode("ums-srv-1", 1, false);

    assertThatThrownBy(() -> lab.install("ums-srv-1", TARGET, (p, m) -> {}))
        .isInstanceOfSatisfying(
            InstallFailedException.class, e -> assertThat(e.permanent()).isFalse());
    var second = lab.install("ums-srv-1", TARGET, (p, m) -> {});

    assertThat(second.report()).isEqualTo("1 of 2 servers updated");
    assertThat(lab.status("ums-srv-1").version()).isEqualTo(TARGET);
    assertThat(lab.serversOnLocalCopy()).containsExactly("ums-srv-1");
    assertThat(lab.installerStarts("ums-srv-1")).isEqualTo(2);
    assertThat(lab.installsRun("ums-srv-1")).isEqualTo(1);
    lab.install("ums-srv-2", TARGET, (p, m) -> {});
    assertThat(lab.serversOnLocalCopy()).isEmpty();
    assertThat(lab.productiveSchema()).isEqualTo("12.05");
  }

  @Test
  @DisplayName(
      "an agent that dies while the failing installer runs and comes back gets its failure, and"
          + " starts no second installer")
  void retriedInstallJoinsTheFailingInstaller() throws Exception {
    createLab()
        .installDuration(Duration.ofMillis(400))
        .failInstallsInUpdateMode("ums-srv-1", 1, false);
    Thread agent = new Thread(() -> lab.install("ums-srv-1", TARGET, (p, m) -> {}));
    agent.setUncaughtExceptionHandler((t, e) -> {});
    agent.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> lab.installing("ums-srv-1"));
    agent.interrupt();
    agent.join();

    assertThatThrownBy(() -> lab.install("ums-srv-1", TARGET, (p, m) -> {}))
        .isInstanceOf(InstallFailedException.class);
    assertThat(lab.installerStarts("ums-srv-1")).isEqualTo(1);
    assertThat(lab.status("ums-srv-1").mode()).isEqualTo(ServerMode.UPDATE);
  }

  @Test
  @DisplayName(
      "S6: ending the update mode of the server the failed installer left behind, once the schema"
          + " is renewed, puts an old server on the renewed schema")
  void oldServerLeftInUpdateModeIsForbiddenOnceTheSchemaIsRenewed_S6() {
    createLab().failInstallsInUpdateMode("ums-srv-1", 1, true);
    assertThatThrownBy(() -> lab.install("ums-srv-1", TARGET, (p, m) -> {}))
        .isInstanceOf(InstallFailedException.class);
    lab.install("ums-srv-2", TARGET, (p, m) -> {});
    lab.endUpdateMode("ums-srv-2");
    assertThat(lab.productiveSchema()).isEqualTo("12.05");
    assertThat(lab.oldServersServingOnNewerSchema()).as("still on its local copy").isEmpty();

    lab.endUpdateMode("ums-srv-1");

    assertThat(lab.oldServersServingOnNewerSchema()).containsExactly("ums-srv-1");
  }

  @Test
  @DisplayName("N2: a lagging Network list shows a host's previous mode, status and version")
  void laggingNetworkListShowsThePreviousState_N2() {
    createLab().networkListLag(Duration.ofSeconds(2));
    CentralActivitiesImpl central = new CentralActivitiesImpl(dir);
    DatabaseQuery query =
        new DatabaseQuery("lab-test", LabTest.inventory(lab.jdbcUrl()).database());

    lab.install("ums-srv-1", TARGET, (p, m) -> {});

    assertThat(lab.status("ums-srv-1").mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(listed("ums-srv-1").mode()).isEqualTo("NORMAL");
    assertThat(listed("ums-srv-1").version()).isEqualTo(INSTALLED);
    assertThat(central.readNetworkList(query).entries())
        .as("the orchestrator reads the same lagging list")
        .filteredOn(e -> e.host().equals("ums-srv-1"))
        .singleElement()
        .satisfies(e -> assertThat(e.mode()).isEqualTo("NORMAL"));
    await().atMost(Duration.ofSeconds(10)).until(() -> "UPDATE".equals(listed("ums-srv-1").mode()));
    assertThat(listed("ums-srv-1").version()).isEqualTo(TARGET);
    assertThat(listed("ums-srv-1").serviceStatus()).isEqualTo("SERVICE_RUNNING");
  }

  @Test
  @DisplayName(
      "N2: with the lag ended, a new change still shows after the ones that wait, never before")
  void changesShowInTheirOrderWhenTheLagEnds_N2() {
    createLab().networkListLag(Duration.ofSeconds(2));
    lab.install("ums-srv-1", TARGET, (p, m) -> {});
    lab.networkListLag(Duration.ZERO);

    lab.endUpdateMode("ums-srv-1");

    assertThat(listed("ums-srv-1").mode()).isEqualTo("NORMAL");
    assertThat(listed("ums-srv-1").version())
        .as("still the state before the install")
        .isEqualTo(INSTALLED);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> TARGET.equals(listed("ums-srv-1").version()));
    assertThat(listed("ums-srv-1").mode()).as("the last change wins").isEqualTo("NORMAL");
    lab.install("ums-srv-2", TARGET, (p, m) -> {});
    assertThat(listed("ums-srv-2").version()).as("no lag any more").isEqualTo(TARGET);
  }

  @Test
  @DisplayName("N2: a lagging Network list catches up at once when told to")
  void laggingNetworkListCatchesUp_N2() {
    createLab().networkListLag(Duration.ofMinutes(5));
    lab.install("ums-srv-1", TARGET, (p, m) -> {});
    assertThat(listed("ums-srv-1").mode()).isEqualTo("NORMAL");

    lab.networkListCatchesUp();

    assertThat(listed("ums-srv-1").mode()).isEqualTo("UPDATE");
    assertThat(listed("ums-srv-1").version()).isEqualTo(TARGET);
  }
}
