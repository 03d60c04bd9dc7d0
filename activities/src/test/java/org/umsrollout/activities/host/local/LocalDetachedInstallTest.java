package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.host.InstallFailedException;
import org.umsrollout.activities.host.UmsHost;

/**
 * The installer runs apart from the agent: an agent that stops waiting (cancelled, heartbeat
 * failed, wait bound passed, JVM gone) leaves it running, and the next agent on the same state
 * directory waits for it instead of starting a second one. Each agent here is a new {@link
 * LocalUmsHost}, as after an agent restart.
 */
class LocalDetachedInstallTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @TempDir Path dir;
  private FakeHost fake;
  private Process stranger;

  /** What a heartbeat throws when the activity was cancelled or the worker shuts down. */
  private static final class AgentGone extends RuntimeException {
    AgentGone() {
      super("activity cancelled");
    }
  }

  @BeforeEach
  void setUp() {
    fake = FakeHost.in(dir);
  }

  @AfterEach
  void tearDown() {
    // Nothing may outlive the test and write into its deleted directory.
    fake.release(0);
    fake.heldInstaller()
        .ifPresent(
            p -> {
              p.parent().ifPresent(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
            });
    if (stranger != null) {
      stranger.destroyForcibly();
    }
    await().atMost(LONG).until(() -> fake.heldInstaller().isEmpty());
  }

  private LocalUmsHost agent() {
    return agent(1);
  }

  /**
   * An agent whose install runs as {@code attempt} of its activity (above 1: a retry by Temporal).
   */
  private LocalUmsHost agent(int attempt) {
    return new LocalUmsHost(fake.config("SERVER", "held-installer"), System::getenv, () -> attempt);
  }

  private Path record() {
    return dir.resolve("agent-state").resolve("install.properties");
  }

  /** Starts the install on {@code agent}, whose heartbeat then fails: the agent is gone. */
  private ProcessHandle abandon(LocalUmsHost agent) {
    assertThatThrownBy(
            () ->
                agent.install(
                    FakeHost.TARGET,
                    fake.installerFile.toString(),
                    (p, m) -> {
                      throw new AgentGone();
                    }))
        .isInstanceOf(AgentGone.class);
    await().atMost(LONG).until(() -> fake.heldInstaller().isPresent());
    return fake.heldInstaller().orElseThrow();
  }

  /** Kills the installer and the wrapper that would write its exit code: a reboot, an OOM kill. */
  private void kill(ProcessHandle installer) {
    ProcessHandle wrapper = installer.parent().orElseThrow();
    wrapper.destroyForcibly();
    await().atMost(LONG).until(() -> !wrapper.isAlive());
    installer.destroyForcibly();
    await().atMost(LONG).until(() -> !installer.isAlive());
  }

  private static <T> T within(Supplier<T> call) throws Exception {
    try {
      return CompletableFuture.supplyAsync(call).get(LONG.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Installs {@code version} from its own installer file, copied from the fake's. */
  private UmsHost.InstallOutcome install(LocalUmsHost agent, String version) {
    Path file = fake.installerFile.resolveSibling("setup-igel-ums-linux_" + version + ".bin");
    try {
      if (!Files.exists(file)) {
        Files.copy(fake.installerFile, file);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return agent.install(version, file.toString(), (p, m) -> {});
  }

  @Test
  @DisplayName("a cancelled wait leaves the installer running; the next agent waits for it")
  void abandonedInstallerKeepsRunningAndIsReattached() throws Exception {
    ProcessHandle installer = abandon(agent());

    assertThat(installer.isAlive()).isTrue();
    LocalUmsHost restarted = agent();
    List<String> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<UmsHost.InstallOutcome> waiting =
        CompletableFuture.supplyAsync(
            () ->
                restarted.install(
                    FakeHost.TARGET, fake.installerFile.toString(), (p, m) -> progress.add(m)));
    await()
        .atMost(LONG)
        .until(() -> progress.stream().anyMatch(m -> m.contains("Preparing " + FakeHost.TARGET)));
    assertThat(waiting).isNotDone();
    fake.release(0);

    UmsHost.InstallOutcome outcome = waiting.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertThat(outcome.report()).isEqualTo("1 of 2 servers updated");
    assertThat(fake.installerRuns()).isEqualTo(1);
    assertThat(progress).last().isEqualTo("installer of " + FakeHost.TARGET + " finished");
    assertThat(record()).doesNotExist();
  }

  @Test
  @DisplayName("an installer that ended while no agent waited is reported from its exit file")
  void finishedWhileNobodyWaitedIsReported() throws Exception {
    ProcessHandle wrapper = abandon(agent()).parent().orElseThrow();
    fake.release(0);
    await().atMost(LONG).until(() -> !wrapper.isAlive());

    UmsHost.InstallOutcome outcome = within(() -> install(agent(), FakeHost.TARGET));

    assertThat(outcome.report()).isEqualTo("1 of 2 servers updated");
    assertThat(fake.installerRuns()).isEqualTo(1);
    assertThat(record()).doesNotExist();
  }

  @Test
  @DisplayName("the exit code of an installer nobody waited for is reported; 2 is permanent")
  void exitCodeFromTheExitFile() {
    ProcessHandle wrapper = abandon(agent()).parent().orElseThrow();
    fake.release(2);
    await().atMost(LONG).until(() -> !wrapper.isAlive());

    assertThatThrownBy(() -> within(() -> install(agent(), FakeHost.TARGET)))
        .isInstanceOfSatisfying(
            InstallFailedException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("exited 2")
        .hasMessageContaining("Setup failed: the database is not reachable");
    assertThat(fake.installerRuns()).isEqualTo(1);
    assertThat(record()).doesNotExist();
  }

  @Test
  @DisplayName(
      "an installer gone without an exit code is a permanent failure of its own type; automatic"
          + " retries are refused, the operator's retry starts it again")
  void goneInstallerHoldsForTheOperator() throws Exception {
    ProcessHandle installer = abandon(agent());
    long pid = installer.parent().orElseThrow().pid();
    kill(installer);

    // Temporal retries the attempt the agent lost: it finds the installer gone.
    assertThatThrownBy(() -> within(() -> install(agent(2), FakeHost.TARGET)))
        .isInstanceOfSatisfying(
            InstallerGoneException.class,
            e -> {
              assertThat(e.permanent()).isTrue();
              assertThat(e.version()).isEqualTo(FakeHost.TARGET);
              assertThat(e.pid()).isEqualTo(pid);
            })
        .hasMessageContaining("installer for " + FakeHost.TARGET + " started ")
        .hasMessageContaining(
            "(pid "
                + pid
                + ") is gone without an exit code: the host may be half-updated; check it before"
                + " you retry");
    assertThat(record()).exists();
    assertThat(agent().pendingInstall()).contains(FakeHost.TARGET);

    // Should the report be lost, a further automatic retry refuses again and starts nothing.
    assertThatThrownBy(() -> within(() -> install(agent(3), FakeHost.TARGET)))
        .isInstanceOf(InstallerGoneException.class);
    assertThat(fake.installerRuns()).isEqualTo(1);

    // The operator's retry is a new activity, attempt 1: it starts the installer again.
    fake.release(0);
    assertThat(within(() -> install(agent(1), FakeHost.TARGET)).report())
        .isEqualTo("1 of 2 servers updated");
    assertThat(fake.installerRuns()).isEqualTo(2);
    assertThat(record()).doesNotExist();
  }

  @Test
  @DisplayName("even a first attempt that finds the installer gone reports it before it starts one")
  void goneInstallerIsReportedBeforeAnyRestart() throws Exception {
    kill(abandon(agent()));

    assertThatThrownBy(() -> within(() -> install(agent(1), FakeHost.TARGET)))
        .isInstanceOf(InstallerGoneException.class);
    assertThat(fake.installerRuns()).isEqualTo(1);

    fake.release(0);
    assertThat(within(() -> install(agent(1), FakeHost.TARGET)).report())
        .isEqualTo("1 of 2 servers updated");
    assertThat(fake.installerRuns()).isEqualTo(2);
  }

  @Test
  @DisplayName("an installer of another version gone without an exit code holds as well")
  void goneInstallerOfAnotherVersionHolds() throws Exception {
    kill(abandon(agent()));

    assertThatThrownBy(() -> within(() -> install(agent(2), "12.06.000")))
        .isInstanceOf(InstallerGoneException.class)
        .hasMessageContaining("installer for " + FakeHost.TARGET);
    assertThat(fake.installerRuns()).isEqualTo(1);
  }

  @Test
  @DisplayName("a recorded pid now used by another process is not waited for")
  void reusedPidIsNotReattached() throws Exception {
    kill(abandon(agent()));
    stranger = new ProcessBuilder("cat").start(); // runs until its stdin closes
    Properties recorded = new Properties();
    try (InputStream in = Files.newInputStream(record())) {
      recorded.load(in);
    }
    recorded.setProperty("pid", String.valueOf(stranger.pid()));
    try (OutputStream out = Files.newOutputStream(record())) {
      recorded.store(out, null);
    }

    assertThatThrownBy(() -> within(() -> install(agent(), FakeHost.TARGET)))
        .isInstanceOf(InstallerGoneException.class)
        .hasMessageContaining("is gone without an exit code");
    assertThat(stranger.isAlive()).isTrue();
  }

  @Test
  @DisplayName("the wait ends at its bound with the installer left running, and is retryable")
  void waitBoundLeavesInstallerRunning() throws Exception {
    assertThatThrownBy(
            () ->
                agent()
                    .install(
                        FakeHost.TARGET,
                        fake.installerFile.toString(),
                        Duration.ofMillis(500),
                        (p, m) -> {}))
        .isInstanceOfSatisfying(
            InstallFailedException.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("still running after")
        .hasMessageContaining("left running");
    await().atMost(LONG).until(() -> fake.heldInstaller().isPresent());

    fake.release(0);
    assertThat(within(() -> install(agent(), FakeHost.TARGET)).report())
        .isEqualTo("1 of 2 servers updated");
    assertThat(fake.installerRuns()).isEqualTo(1);
  }

  @Test
  @DisplayName("no second installer starts beside a running one of another version")
  void noSecondInstallerBesideARunningOne() {
    abandon(agent());

    assertThatThrownBy(() -> within(() -> install(agent(), "12.06.000")))
        .isInstanceOfSatisfying(
            InstallFailedException.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("installer of " + FakeHost.TARGET + " is still running");
    assertThat(fake.installerRuns()).isEqualTo(1);
    assertThat(fake.heldInstaller()).isPresent();
  }

  @Test
  @DisplayName("the installer's record names what an operator needs to find it")
  void recordNamesTheInstaller() throws Exception {
    ProcessHandle installer = abandon(agent());

    Properties recorded = new Properties();
    try (InputStream in = Files.newInputStream(record())) {
      recorded.load(in);
    }
    assertThat(recorded.getProperty("version")).isEqualTo(FakeHost.TARGET);
    assertThat(recorded.getProperty("installer"))
        .as("the agent's own checked copy, not the rollout's path")
        .isEqualTo(
            dir.resolve("agent-state/installers")
                .resolve(fake.installerFile.getFileName())
                .toString());
    assertThat(Optional.of(Long.parseLong(recorded.getProperty("pid"))))
        .isEqualTo(installer.parent().map(ProcessHandle::pid));
    assertThat(Path.of(recorded.getProperty("stdout"))).exists();
    assertThat(recorded.getProperty("started")).isNotBlank();
    // Detached: the wrapper leads a session of its own, apart from the agent's.
    long wrapper = Long.parseLong(recorded.getProperty("pid"));
    assertThat(sessionOf(wrapper))
        .isEqualTo(wrapper)
        .isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
  }

  /** Field 6 of {@code /proc/<pid>/stat}. */
  private static long sessionOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
  }
}
