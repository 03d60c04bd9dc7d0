package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.central.Checksums;
import org.umsrollout.activities.host.InstallFailedException;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.ServiceState;

/** The local backend against a directory of shell scripts standing in for the host. */
class LocalUmsHostTest {
  @TempDir Path dir;
  private FakeHost fake;

  @BeforeEach
  void setUp() {
    fake = FakeHost.in(dir);
  }

  @Test
  @DisplayName("V1/N2: status reads version, mode and the services of the role")
  void statusReadsVersionModeAndServices() {
    fake.write("state/igel-ums-broker", "failed");
    LocalUmsHost host = fake.host("SERVER_AND_LOAD_BALANCER", "installer");

    HostStatus status = host.status();

    assertThat(status.host()).isEqualTo("ums-srv-1");
    assertThat(status.role()).isEqualTo(HostRole.SERVER_AND_LOAD_BALANCER);
    assertThat(status.version()).isEqualTo(FakeHost.INSTALLED);
    assertThat(status.mode()).isEqualTo(ServerMode.NORMAL);
    assertThat(status.datasource()).isEqualTo(Datasource.PRODUCTIVE);
    assertThat(status.services())
        .containsExactly(
            new ServiceState("igel-ums-server", true),
            new ServiceState("igel-ums-broker", false),
            new ServiceState("igel-ums-watchdog", true));
    assertThat(status.stoppedServices()).containsExactly("igel-ums-broker");
  }

  @Test
  @DisplayName("N1: a standalone load balancer shows its broker and watchdog, no mode")
  void loadBalancerHasNoMode() {
    HostStatus status = fake.host("LOAD_BALANCER", "installer").status();

    assertThat(status.mode()).isNull();
    assertThat(status.datasource()).isNull();
    assertThat(status.services())
        .extracting(ServiceState::name)
        .containsExactly("igel-ums-broker", "igel-ums-watchdog");
  }

  @Test
  @DisplayName("S1/V2: mode and datasource are each read by their own command, not inferred")
  void modeAndDatasourceAreReadEachByItsOwnCommand() {
    LocalUmsHost host = fake.host("SERVER", "installer");
    fake.write("mode", "UPDATE");
    fake.write("datasource", "LOCAL_COPY");

    HostStatus updating = host.status();

    assertThat(updating.mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(updating.datasource()).isEqualTo(Datasource.LOCAL_COPY);

    fake.write("datasource", "PRODUCTIVE");

    HostStatus disagreeing = host.status();

    assertThat(disagreeing.mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(disagreeing.datasource()).isEqualTo(Datasource.PRODUCTIVE);
  }

  @Test
  @DisplayName(
      "a server without modeCommand and datasourceCommand reports both unknown, not normal mode on"
          + " the productive database")
  void withoutModeAndDatasourceCommandsBothAreUnknown() {
    fake.write("mode", "NORMAL");
    LocalUmsHost host = fake.host("SERVER", "installer", "modeCommand:", "datasourceCommand:");

    HostStatus status = host.status();

    assertThat(status.mode()).isNull();
    assertThat(status.datasource()).isNull();
    assertThat(status.version()).isEqualTo(FakeHost.INSTALLED);
    assertThat(status.allRunning()).isTrue();
  }

  @Test
  @DisplayName("each of modeCommand and datasourceCommand may be configured without the other")
  void modeAndDatasourceCommandsAreIndependent() {
    fake.write("mode", "UPDATE");
    fake.write("datasource", "LOCAL_COPY");

    HostStatus modeOnly = fake.host("SERVER", "installer", "datasourceCommand:").status();
    HostStatus datasourceOnly = fake.host("SERVER", "installer", "modeCommand:").status();

    assertThat(modeOnly.mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(modeOnly.datasource()).isNull();
    assertThat(datasourceOnly.mode()).isNull();
    assertThat(datasourceOnly.datasource()).isEqualTo(Datasource.LOCAL_COPY);
  }

  @Test
  @DisplayName(
      "the datasource command's output: LOCAL anywhere is the local copy, else PRODUCTIVE the"
          + " productive database, else an error")
  void datasourceCommandOutput() {
    LocalUmsHost host = fake.host("SERVER", "installer");

    fake.write("datasource", "Datasource: local copy (embedded)");
    assertThat(host.status().datasource()).isEqualTo(Datasource.LOCAL_COPY);
    fake.write("datasource", "productive");
    assertThat(host.status().datasource()).isEqualTo(Datasource.PRODUCTIVE);
    fake.write("datasource", "LOCAL_COPY of the PRODUCTIVE database");
    assertThat(host.status().datasource()).isEqualTo(Datasource.LOCAL_COPY);
    fake.write("datasource", "postgresql");
    assertThatThrownBy(host::status)
        .hasMessageContaining("the datasource command printed neither LOCAL nor PRODUCTIVE")
        .hasMessageContaining("postgresql");
  }

  @Test
  @DisplayName("a datasource command that fails fails the reading, it does not make it unknown")
  void failingDatasourceCommand() {
    LocalUmsHost host =
        fake.host(
            "SERVER",
            "installer",
            "datasourceCommand: [\"" + dir.resolve("umsadmin-cli") + "\", show-datasource]");

    assertThatThrownBy(host::status)
        .hasMessageContaining("the datasource command exited 1")
        .hasMessageContaining("unknown command show-datasource");
  }

  @Test
  @DisplayName("datasourceCommand is read from the host config and takes no placeholder")
  void datasourceCommandInConfig() {
    assertThat(fake.config("SERVER", "installer").datasourceCommand())
        .containsExactly(dir.toAbsolutePath() + "/show-datasource");
    assertThat(fake.config("SERVER", "installer", "datasourceCommand:").datasourceCommand())
        .isNull();
    assertThatThrownBy(
            () -> fake.config("SERVER", "installer", "datasourceCommand: [show, \"{service}\"]"))
        .hasMessageContaining("datasourceCommand: unknown placeholder {service}");
  }

  @Test
  @DisplayName("no version in the output means none is installed")
  void noVersionMeansNone() throws Exception {
    java.nio.file.Files.delete(dir.resolve("version"));

    assertThat(fake.host("SERVER", "installer").status().version()).isNull();
  }

  @Test
  @DisplayName(
      "S3: install runs the installer once, reports progress, and status shows the version")
  void installRunsInstallerOnce() {
    LocalUmsHost host = fake.host("SERVER", "installer");
    List<String> progress = new CopyOnWriteArrayList<>();

    UmsHost.InstallOutcome outcome =
        host.install(
            FakeHost.TARGET, fake.installerFile.toString(), (p, m) -> progress.add(p + " " + m));

    assertThat(fake.installerRuns()).isEqualTo(1);
    assertThat(outcome.report()).isEqualTo("1 of 2 servers updated");
    assertThat(outcome.serversUpdated()).isEqualTo(1);
    assertThat(outcome.serversTotal()).isEqualTo(2);
    assertThat(outcome.schemaRenewed()).isFalse();
    assertThat(progress.get(0)).startsWith("0 installer of " + FakeHost.TARGET + " running for");
    assertThat(progress).last().isEqualTo("100 installer of " + FakeHost.TARGET + " finished");
    HostStatus after = host.status();
    assertThat(after.version()).isEqualTo(FakeHost.TARGET);
    assertThat(after.mode()).isEqualTo(ServerMode.UPDATE);
    assertThat(after.datasource()).isEqualTo(Datasource.LOCAL_COPY);
  }

  @Test
  @DisplayName("S5: the installer's n of n servers updated means the schema was renewed")
  void lastServerRenewsSchema() {
    fake.write("report", "Updating...\n2 of 2 servers updated");

    UmsHost.InstallOutcome outcome =
        fake.host("SERVER", "installer")
            .install(FakeHost.TARGET, fake.installerFile.toString(), (p, m) -> {});

    assertThat(outcome.report()).isEqualTo("2 of 2 servers updated");
    assertThat(outcome.schemaRenewed()).isTrue();
  }

  @Test
  @DisplayName("an installer without the n of m line reports the version it installed")
  void installerWithoutReport() {
    fake.write("report", "done");

    UmsHost.InstallOutcome outcome =
        fake.host("SERVER", "installer")
            .install(FakeHost.TARGET, fake.installerFile.toString(), (p, m) -> {});

    assertThat(outcome.report()).isEqualTo("ums-srv-1 updated to " + FakeHost.TARGET);
    assertThat(outcome.serversUpdated()).isNull();
    assertThat(outcome.schemaRenewed()).isFalse();
  }

  @Test
  @DisplayName("a failing installer fails the install with its stderr; exit 2 is permanent")
  void failingInstallerIsPermanentByExitCode() {
    LocalUmsHost host = fake.host("SERVER", "failing-installer");

    assertThatThrownBy(
            () -> host.install(FakeHost.TARGET, fake.installerFile.toString(), (p, m) -> {}))
        .isInstanceOfSatisfying(
            InstallFailedException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("exited 2")
        .hasMessageContaining("Setup failed: /opt/IGEL/RemoteManager is locked by another process")
        .hasMessageNotContaining("starting setup");
    assertThat(fake.installerRuns()).isEqualTo(1);
  }

  @Test
  @DisplayName("an installer exit code not listed as permanent is transient")
  void otherExitCodesAreTransient() {
    fake.write("exit-code", "5");
    LocalUmsHost host = fake.host("SERVER", "failing-installer");

    assertThatThrownBy(
            () -> host.install(FakeHost.TARGET, fake.installerFile.toString(), (p, m) -> {}))
        .isInstanceOfSatisfying(
            InstallFailedException.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("exited 5");
  }

  @Test
  @DisplayName("V3: endUpdateMode runs the configured umsadmin-cli and shows normal mode")
  void endUpdateModeRunsUmsadminCli() {
    fake.write("mode", "UPDATE");
    fake.write("datasource", "LOCAL_COPY");
    LocalUmsHost host = fake.host("SERVER", "installer");

    HostStatus after = host.endUpdateMode();

    assertThat(after.mode()).isEqualTo(ServerMode.NORMAL);
    assertThat(after.datasource()).isEqualTo(Datasource.PRODUCTIVE);
    assertThat(fake.read("umsadmin-calls")).isEqualTo("end-update-mode");
  }

  @Test
  @DisplayName("S4: reconfigureServerService runs each configured command for the server service")
  void reconfigureRunsCommands() {
    String d = dir.toAbsolutePath().toString();
    LocalUmsHost host =
        fake.host(
            "SERVER",
            "installer",
            "reconfigureServiceCommands: [[\""
                + d
                + "/umsadmin-cli\", reconfigure, \"{service}\"], [\""
                + d
                + "/umsadmin-cli\", end-update-mode]]");

    assertThatThrownBy(host::reconfigureServerService)
        .hasMessageContaining("unknown command reconfigure");
    assertThat(fake.read("umsadmin-calls")).isEqualTo("reconfigure igel-ums-server");
  }

  @Test
  @DisplayName("S4: without reconfigureServiceCommands the call says what is missing")
  void reconfigureUnconfigured() {
    assertThatThrownBy(() -> fake.host("SERVER", "installer").reconfigureServerService())
        .hasMessageContaining("no reconfigureServiceCommands are configured (S4)");
  }

  @Test
  @DisplayName(
      "P1: installerSha256 is the SHA-256 of the agent's own copy, empty when the file is missing")
  void installerSha256() throws Exception {
    LocalUmsHost host = fake.host("SERVER", "installer");

    assertThat(host.installerSha256(fake.installerFile.toString()))
        .contains(Checksums.sha256(fake.installerFile));
    Path copy = dir.resolve("agent-state/installers").resolve(fake.installerFile.getFileName());
    assertThat(copy).hasSameBinaryContentAs(fake.installerFile);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.getParent())))
        .isEqualTo("rwx------");
    assertThat(host.installerSha256(dir.resolve("setup-igel-ums-linux_12.06.000.bin").toString()))
        .isEmpty();
  }

  @Test
  @DisplayName("P5: the clock is the agent's own")
  void clockIsLocal() {
    long before = System.currentTimeMillis();
    long clock = fake.host("SERVER", "installer").clockMillis();
    assertThat(clock).isBetween(before, System.currentTimeMillis());
  }

  @Test
  @DisplayName("P6: nothing is in the way with a writable rootDir and requireRoot off")
  void p6NoProblems() {
    assertThat(fake.host("SERVER", "installer").installRightsProblems()).isEmpty();
  }

  @Test
  @DisplayName("P6: a rootDir that does not exist is a problem for a server")
  void p6MissingRootDir() {
    LocalUmsHost host =
        fake.host("SERVER", "installer", "rootDir: \"" + dir.resolve("no-such-root") + "\"");

    assertThat(host.installRightsProblems())
        .singleElement()
        .asString()
        .contains("no-such-root does not exist")
        .contains("must be writable");
  }

  @Test
  @DisplayName("P6: a rootDir that is a regular file is not writable as a directory")
  void p6RootDirIsAFile() {
    LocalUmsHost host = fake.host("SERVER", "installer", "rootDir: \"" + fake.installerFile + "\"");

    assertThat(host.installRightsProblems())
        .singleElement()
        .asString()
        .contains("is not a writable directory");
  }

  @Test
  @DisplayName("P6: rootDir matters only where a server is installed")
  void p6RootDirOnlyForServers() {
    LocalUmsHost host =
        fake.host("LOAD_BALANCER", "installer", "rootDir: \"" + dir.resolve("nothing") + "\"");

    assertThat(host.installRightsProblems()).isEmpty();
  }

  @Test
  @DisplayName("P6: with requireRoot an agent whose uid is not 0 is a problem (Linux: id -u)")
  void p6RequireRoot() {
    LocalUmsHost host =
        fake.host(
            "SERVER",
            "installer",
            "requireRoot: true",
            "rightsCommand: [\"" + dir.resolve("id") + "\", -u]",
            "rightsPattern: '\\A\\s*0\\s*\\z'");

    fake.answer("id", null, "1000", 0);
    assertThat(host.installRightsProblems())
        .singleElement()
        .asString()
        .contains("runs without administrator rights")
        .contains("printed no match of");
    fake.answer("id", null, "0", 0);
    assertThat(host.installRightsProblems()).isEmpty();
    assertThat(fake.calls("id")).containsOnly(List.of("id", "-u"));
  }

  @Test
  @DisplayName("P6: the Linux default rights check is id -u printing 0")
  void p6LinuxDefaultIsUidZero() {
    LocalHostConfig config = fake.config("SERVER", "installer");

    assertThat(config.rightsCommand()).containsExactly("id", "-u");
    assertThat(java.util.regex.Pattern.compile(config.rightsPattern()).matcher("0\n").find())
        .isTrue();
    assertThat(java.util.regex.Pattern.compile(config.rightsPattern()).matcher("1000\n").find())
        .isFalse();
  }

  @Test
  @DisplayName("P6: a rights command that cannot run is a problem, not a pass")
  void p6RightsCommandThatCannotRun() {
    LocalUmsHost host =
        fake.host(
            "SERVER",
            "installer",
            "requireRoot: true",
            "rightsCommand: [\"" + dir.resolve("no-such-tool") + "\"]");

    assertThat(host.installRightsProblems())
        .singleElement()
        .asString()
        .contains("cannot tell whether the host agent has administrator rights");
  }

  @Test
  @DisplayName(
      "S6: take-out runs each command for the server and then the load balancer, argv by argv")
  void takeOutRunsEachCommandForEachService() {
    LocalUmsHost host =
        fake.host(
            "SERVER_AND_LOAD_BALANCER",
            "installer",
            "takeOutCommands: [[\""
                + dir.resolve("systemctl")
                + "\", disable, --now, \"{service}\"]]");

    HostStatus after = host.takeOutOfNetwork();

    assertThat(fake.calls())
        .containsExactly(
            List.of("systemctl", "disable", "--now", "igel-ums-server"),
            List.of("systemctl", "disable", "--now", "igel-ums-broker"));
    assertThat(after.stoppedServices()).containsExactly("igel-ums-server", "igel-ums-broker");
    assertThat(after.services()).contains(new ServiceState("igel-ums-watchdog", true));
  }

  @Test
  @DisplayName(
      "S6: a take-out command that fails fails the take-out, naming it; nothing runs after")
  void failingTakeOutCommandIsAFailure() {
    fake.write("fail-igel-ums-server", "");
    LocalUmsHost host =
        fake.host(
            "SERVER_AND_LOAD_BALANCER",
            "installer",
            "takeOutCommands: [[\""
                + dir.resolve("systemctl")
                + "\", disable, --now, \"{service}\"]]");

    assertThatThrownBy(host::takeOutOfNetwork)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taking it out of the HA network")
        .hasMessageContaining("disable, --now, igel-ums-server] exited 1")
        .hasMessageContaining("Failed to disable unit igel-ums-server: access denied");
    assertThat(fake.calls())
        .containsExactly(List.of("systemctl", "disable", "--now", "igel-ums-server"));
    assertThat(fake.read("state/igel-ums-broker")).isEqualTo("active");
  }

  @Test
  @DisplayName("S6: the Linux default take-out is systemctl disable --now, per service")
  void takeOutLinuxDefault() {
    LocalHostConfig config = fake.config("SERVER_AND_LOAD_BALANCER", "installer");

    assertThat(config.takeOutCommands())
        .containsExactly(List.of("systemctl", "disable", "--now", "{service}"));
    assertThat(config.takeOutServices()).containsExactly("igel-ums-server", "igel-ums-broker");
  }

  @Test
  @DisplayName("P6: a state directory the agent cannot write is a problem")
  void p6StateDirNotWritable() {
    LocalUmsHost host =
        fake.host("LOAD_BALANCER", "installer", "stateDir: \"" + fake.installerFile + "\"");

    assertThat(host.installRightsProblems())
        .singleElement()
        .asString()
        .contains("the state directory " + fake.installerFile + " is not a writable directory");
  }
}
