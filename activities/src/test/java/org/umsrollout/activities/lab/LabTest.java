package org.umsrollout.activities.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.workflows.model.ComponentSpec;
import org.umsrollout.workflows.model.DatabaseKind;
import org.umsrollout.workflows.model.DatabaseSpec;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.Inventory;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.model.ServerSpec;
import org.umsrollout.workflows.ports.NetworkEntry;

/** The lab keeps its state in its database, so it outlives the processes that use it. */
class LabTest {
  static final String INSTALLED = "12.04.120";
  static final String TARGET = "12.05.100";
  static final String PATH = "/opt/IGEL/setup-igel-ums-linux_12.05.100.bin";
  static final String SHA = "da88685370840ab5d279c26b233b96fc4816e2b85cf06b5a9c74affda236e755";

  @TempDir Path dir;
  private Lab lab;
  private Lab other;

  static Inventory inventory(String jdbcUrl) {
    return new Inventory(
        "lab-test",
        new DatabaseSpec(DatabaseKind.EMBEDDED, jdbcUrl, null, null, null, null),
        List.of(new ServerSpec("ums-srv-1", null), new ServerSpec("ums-srv-2", null)),
        List.of(new ComponentSpec("ums-lb-1")),
        List.of());
  }

  private String fileUrl() {
    return "jdbc:h2:file:" + dir.resolve("lab").toAbsolutePath() + ";AUTO_SERVER=TRUE";
  }

  @AfterEach
  void close() {
    if (other != null) {
      other.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @DisplayName("opening an existing lab keeps its hosts, faults and events; creating one resets it")
  void openKeepsStateAndCreateAfreshResets() {
    lab =
        Lab.createAfresh(inventory(fileUrl()), INSTALLED, PATH, SHA)
            .installDuration(Duration.ofMillis(10));
    lab.addOrphan("ums-srv-old", NetworkEntry.SERVER)
        .clockOffset("ums-srv-2", Duration.ofSeconds(90))
        .failInstalls("ums-srv-1", 1, false);
    lab.install("ums-lb-1", TARGET, (p, m) -> {});
    lab.close();

    lab = Lab.open(fileUrl());
    assertThat(lab.site()).isEqualTo("lab-test");
    assertThat(lab.hostNames()).containsExactly("ums-srv-1", "ums-srv-2", "ums-lb-1");
    assertThat(lab.status("ums-lb-1").version()).isEqualTo(TARGET);
    assertThat(lab.installsRun("ums-lb-1")).isEqualTo(1);
    assertThat(lab.clockMillis("ums-srv-2") - System.currentTimeMillis()).isGreaterThan(80_000);
    assertThat(lab.events()).contains("ums-lb-1: LOAD_BALANCER updated to " + TARGET);
    lab.close();

    lab = Lab.createAfresh(inventory(fileUrl()), INSTALLED, PATH, SHA);
    assertThat(lab.status("ums-lb-1").version()).isEqualTo(INSTALLED);
    assertThat(lab.events()).isEmpty();
  }

  @Test
  @DisplayName("an agent that dies mid-install and comes back waits for the running installer")
  void installerOutlivesItsAgentAndRunsOnce() throws Exception {
    lab =
        Lab.createAfresh(inventory(fileUrl()), INSTALLED, PATH, SHA)
            .installDuration(Duration.ofSeconds(1));
    other = Lab.open(fileUrl());
    AtomicReference<Throwable> firstAgent = new AtomicReference<>();
    Thread agent =
        new Thread(
            () -> {
              try {
                other.install("ums-srv-1", TARGET, (p, m) -> {});
              } catch (RuntimeException e) {
                firstAgent.set(e);
              }
            });
    agent.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> lab.installing("ums-srv-1"));
    agent.interrupt();
    agent.join();
    assertThat(firstAgent.get()).as("the first agent died waiting").isNotNull();
    assertThat(lab.installing("ums-srv-1")).as("the installer runs on").isTrue();

    UmsHost.InstallOutcome second = lab.install("ums-srv-1", TARGET, (p, m) -> {});

    assertThat(second.report()).isEqualTo("1 of 2 servers updated");
    assertThat(lab.installsRun("ums-srv-1")).isEqualTo(1);
    assertThat(lab.status("ums-srv-1").datasource()).isEqualTo(Datasource.LOCAL_COPY);
    assertThat(lab.serversOnLocalCopy()).containsExactly("ums-srv-1");
    assertThat(lab.events())
        .filteredOn(e -> e.startsWith("ums-srv-1: installer"))
        .containsExactly(
            "ums-srv-1: installer of " + TARGET + " started",
            "ums-srv-1: installer of " + TARGET + " already running, waiting for it");
  }

  @Test
  @DisplayName("S5: an install with no agent waiting completes when its time is up")
  void installCompletesWithoutItsAgent() throws Exception {
    lab =
        Lab.createAfresh(inventory(fileUrl()), INSTALLED, PATH, SHA)
            .installDuration(Duration.ofMillis(10));
    lab.install("ums-srv-1", TARGET, (p, m) -> {});
    lab.installDuration(Duration.ofMillis(300));
    Thread agent = new Thread(() -> lab.install("ums-srv-2", TARGET, (p, m) -> {}));
    agent.setUncaughtExceptionHandler((t, e) -> {});
    agent.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> lab.installing("ums-srv-2"));
    agent.interrupt();
    agent.join();

    other = Lab.open(fileUrl());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> TARGET.equals(other.status("ums-srv-2").version()));
    assertThat(other.productiveSchema()).isEqualTo("12.05");
    assertThat(other.status("ums-srv-1").mode()).isEqualTo(ServerMode.NORMAL);
    assertThat(other.serversOnLocalCopy()).isEmpty();
    assertThat(other.installsRun("ums-srv-2")).isEqualTo(1);
  }

  @Test
  @DisplayName("S2: a setting written on a local copy is lost; the in-memory URL works as before")
  void inMemoryLabLosesChangesMadeInUpdateMode() {
    lab =
        Lab.createAfresh(inventory("jdbc:h2:mem:lab-test;DB_CLOSE_DELAY=-1"), INSTALLED, PATH, SHA)
            .installDuration(Duration.ofMillis(10));
    lab.install("ums-srv-1", TARGET, (p, m) -> {});
    lab.writeConfig("ums-srv-1", "profile.wallpaper", "blue");
    assertThat(lab.readConfig("ums-srv-1", "profile.wallpaper")).contains("blue");
    assertThat(lab.readConfig("ums-srv-2", "profile.wallpaper")).isEmpty();

    lab.install("ums-srv-2", TARGET, (p, m) -> {});

    assertThat(lab.readConfig("ums-srv-1", "profile.wallpaper")).isEmpty();
    assertThat(lab.readConfig("ums-srv-1", "network.name")).contains("lab-test");
    assertThat(lab.productiveSchema()).isEqualTo("12.05");
  }
}
