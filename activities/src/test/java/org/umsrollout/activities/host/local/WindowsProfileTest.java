package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.ports.ServiceState;

/**
 * The Windows profile (N2): the shipped example parses, every command it builds is the exact argv
 * Windows gets, and the same Java code runs it on Linux with the Windows tools replaced by fakes.
 */
class WindowsProfileTest {
  private static final String PROGRAM_DATA = "C:\\ProgramData\\ums-rollout-agent";
  private static final String INSTALLER =
      "D:\\ums\\setup-igel-ums-windows_" + FakeHost.TARGET + ".exe";
  private static final String SECRET = "s3cret pass\"word";

  @TempDir Path dir;
  private FakeHost fake;

  @BeforeEach
  void setUp() {
    fake = FakeHost.in(dir);
  }

  private static LocalHostConfig example() {
    return LocalHostConfigLoader.load(FakeHost.WINDOWS_EXAMPLE);
  }

  private LocalUmsHost faked(String... extra) {
    return faked(Map.of("UMS_SERVICE_PASSWORD", SECRET), extra);
  }

  private LocalUmsHost faked(Map<String, String> env, String... extra) {
    return new LocalUmsHost(
        LocalHostConfigLoader.parse(fake.windowsYaml(extra), "windows.yaml"), env::get, () -> 1);
  }

  @Test
  @DisplayName("N2: the Windows example parses, with the vendor's Windows services and directories")
  void windowsExampleParses() {
    LocalHostConfig config = example();

    assertThat(config.platform()).isEqualTo(LocalHostConfig.Platform.WINDOWS);
    assertThat(config.role()).isEqualTo(HostRole.SERVER_AND_LOAD_BALANCER);
    assertThat(config.hostServices())
        .containsExactly("IGELRMGUIServer", "IGEL UMS Load Balancer", "IGEL UMS Watchdog");
    assertThat(config.stateDir()).isEqualTo(PROGRAM_DATA);
    assertThat(config.rootDir()).isNull();
    assertThat(config.detachCommand()).isEmpty();
    assertThat(config.requireRoot()).isTrue();
    assertThat(config.installLog()).isEqualTo(PROGRAM_DATA + "\\installer-{version}.log");
  }

  @Test
  @DisplayName("V1: the service check is sc.exe query with the service name, one argv per service")
  void serviceCheckArgv() {
    LocalHostConfig config = example();

    assertThat(
            config.hostServices().stream()
                .map(
                    s ->
                        LocalHostConfig.fill(config.serviceActiveCommand(), Map.of("{service}", s)))
                .toList())
        .containsExactly(
            List.of("sc.exe", "query", "IGELRMGUIServer"),
            List.of("sc.exe", "query", "IGEL UMS Load Balancer"),
            List.of("sc.exe", "query", "IGEL UMS Watchdog"));
  }

  @Test
  @DisplayName("N2/P6: version and rights commands, argv by argv")
  void versionAndRightsArgv() {
    LocalHostConfig config = example();

    assertThat(config.versionCommand())
        .containsExactly(
            "curl.exe", "-sk", "--max-time", "10", "https://localhost:8443/umsapi/v3/serverstatus");
    assertThat(config.rightsCommand()).containsExactly("whoami", "/groups");
    assertThat(config.endUpdateModeCommand())
        .containsExactly(
            "C:\\Program Files\\IGEL\\RemoteManager\\bin\\umsadmin-cli.exe",
            "ADJUST-end-update-mode");
  }

  @Test
  @DisplayName(
      "S3: the installer runs unattended under PowerShell's run-installer.ps1, which writes the exit"
          + " code; no detach command")
  void installArgv() {
    LocalUmsHost host = new LocalUmsHost(example());

    assertThat(host.installArgv(FakeHost.TARGET, INSTALLER))
        .containsExactly(
            "powershell.exe",
            "-NoProfile",
            "-NonInteractive",
            "-ExecutionPolicy",
            "Bypass",
            "-File",
            PROGRAM_DATA + "\\run-installer.ps1",
            Path.of(PROGRAM_DATA).resolve("installer-" + FakeHost.TARGET + ".exit").toString(),
            INSTALLER,
            "/VERYSILENT",
            "/SUPPRESSMSGBOXES",
            "/NORESTART",
            "/LOADINF=" + PROGRAM_DATA + "\\ums-setup.inf",
            "/LOG=" + PROGRAM_DATA + "\\installer-" + FakeHost.TARGET + ".log");
  }

  @Test
  @DisplayName("S4: start type, logon and restart, argv by argv; the password is a placeholder")
  void reconfigureArgv() {
    LocalHostConfig config = example();

    assertThat(
            config.reconfigureServiceCommands().stream()
                .map(c -> LocalHostConfig.fill(c, Map.of("{service}", "IGELRMGUIServer")))
                .toList())
        .containsExactly(
            List.of("sc.exe", "config", "IGELRMGUIServer", "start=", "auto"),
            List.of(
                "sc.exe",
                "config",
                "IGELRMGUIServer",
                "obj=",
                "EXAMPLE\\svc-ums",
                "password=",
                "{env:UMS_SERVICE_PASSWORD}"),
            List.of(
                "powershell.exe",
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                "Restart-Service -Name 'IGELRMGUIServer' -ErrorAction Stop"));
  }

  @Test
  @DisplayName("S6: take-out disables and stops the server and the load balancer, argv by argv")
  void takeOutArgv() {
    LocalHostConfig config = example();

    assertThat(config.takeOutServices())
        .containsExactly("IGELRMGUIServer", "IGEL UMS Load Balancer");
    assertThat(config.takeOutCommands())
        .containsExactly(
            List.of("sc.exe", "config", "{service}", "start=", "disabled"),
            List.of(
                "powershell.exe",
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                "Stop-Service -Name '{service}' -Force -ErrorAction Stop"));
  }

  @Test
  @DisplayName(
      "S6: take-out runs sc.exe config and Stop-Service for the server, then the load balancer;"
          + " a failing command fails it and nothing runs after")
  void takeOutRunsArgvByArgv() {
    String stop = "Stop-Service -Name '%s' -Force -ErrorAction Stop";
    List<String> ps = List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-Command");

    faked().takeOutOfNetwork();

    assertThat(
            fake.calls().stream()
                .filter(c -> !c.get(0).equals("curl.exe") && !c.get(1).equals("query"))
                .toList())
        .containsExactly(
            List.of("sc.exe", "config", "IGELRMGUIServer", "start=", "disabled"),
            concat(ps, stop.formatted("IGELRMGUIServer")),
            List.of("sc.exe", "config", "IGEL UMS Load Balancer", "start=", "disabled"),
            concat(ps, stop.formatted("IGEL UMS Load Balancer")));

    fake.write("calls", "");
    fake.answer("powershell.exe", stop.formatted("IGELRMGUIServer"), "Stop-Service: denied", 1);

    assertThatThrownBy(() -> faked().takeOutOfNetwork())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("taking it out of the HA network")
        .hasMessageContaining("exited 1");
    assertThat(fake.calls().stream().filter(c -> !c.get(0).isEmpty()).toList())
        .containsExactly(
            List.of("sc.exe", "config", "IGELRMGUIServer", "start=", "disabled"),
            concat(ps, stop.formatted("IGELRMGUIServer")));
  }

  private static List<String> concat(List<String> head, String last) {
    List<String> out = new java.util.ArrayList<>(head);
    out.add(last);
    return out;
  }

  @Test
  @DisplayName("V1: sc.exe exits 0 for a stopped service too: the STATE line decides")
  void scQueryStateDecides() {
    fake.answer("sc.exe", null, "SERVICE_NAME: x\n        STATE              : 4  RUNNING", 0);
    fake.answer("sc.exe", "IGEL UMS Load Balancer", "        STATE              : 1  STOPPED", 0);
    fake.answer("sc.exe", "IGEL UMS Watchdog", "[SC] OpenService FAILED 1060", 1);
    fake.write("version", FakeHost.INSTALLED);

    List<ServiceState> services = faked().statusReader().services();

    assertThat(services)
        .containsExactly(
            new ServiceState("IGELRMGUIServer", true),
            new ServiceState("IGEL UMS Load Balancer", false),
            new ServiceState("IGEL UMS Watchdog", false));
    assertThat(fake.calls("sc.exe"))
        .containsExactly(
            List.of("sc.exe", "query", "IGELRMGUIServer"),
            List.of("sc.exe", "query", "IGEL UMS Load Balancer"),
            List.of("sc.exe", "query", "IGEL UMS Watchdog"));
  }

  @Test
  @DisplayName("P6: administrator rights are the Administrators group enabled in the token")
  void rightsFromWhoamiGroups() {
    String elevated =
        "BUILTIN\\Administrators  Alias  S-1-5-32-544  Mandatory group, Enabled by default,"
            + " Enabled group, Group owner";
    String filtered = "BUILTIN\\Administrators  Alias  S-1-5-32-544  Group used for deny only";

    fake.answer("whoami", null, "Everyone  Well-known group  S-1-1-0\n" + elevated, 0);
    assertThat(faked().adminProblem()).isEmpty();

    fake.answer("whoami", null, filtered, 0);
    assertThat(faked().adminProblem())
        .hasValueSatisfying(p -> assertThat(p).contains("runs without administrator rights"));
    assertThat(fake.calls("whoami")).containsOnly(List.of("whoami", "/groups"));
  }

  @Test
  @DisplayName(
      "S4: the commands run argv by argv with the password from the environment, never shown")
  void reconfigureRunsWithThePasswordFromTheEnvironment() {
    fake.answer("sc.exe", null, "        STATE              : 4  RUNNING", 0);
    fake.write("version", FakeHost.TARGET);
    LocalUmsHost host = faked();

    host.reconfigureServerService();

    assertThat(
            fake.calls().stream()
                .filter(c -> !c.get(0).equals("curl.exe") && !c.get(1).equals("query"))
                .toList())
        .containsExactly(
            List.of("sc.exe", "config", "IGELRMGUIServer", "start=", "auto"),
            List.of(
                "sc.exe",
                "config",
                "IGELRMGUIServer",
                "obj=",
                "EXAMPLE\\svc-ums",
                "password=",
                SECRET),
            List.of(
                "powershell.exe",
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                "Restart-Service -Name 'IGELRMGUIServer' -ErrorAction Stop"));
  }

  @Test
  @DisplayName("S4: a failing sc.exe names its exit code, but not the password")
  void failureKeepsThePasswordOut() {
    fake.answer("sc.exe", "auto", "[SC] ChangeServiceConfig SUCCESS", 0);
    fake.answer("sc.exe", SECRET, "[SC] ChangeServiceConfig FAILED 1057", 57);
    LocalUmsHost host = faked();

    assertThatThrownBy(host::reconfigureServerService)
        .hasMessageContaining("exited 57")
        .hasMessageContaining("{env:UMS_SERVICE_PASSWORD}")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  @DisplayName("S4: an unset password variable is named, and nothing with it runs")
  void unsetPasswordVariable() {
    LocalUmsHost host = faked(Map.of());

    assertThatThrownBy(host::reconfigureServerService)
        .hasMessageContaining("the environment variable UMS_SERVICE_PASSWORD is not set");
    assertThat(fake.calls("sc.exe"))
        .containsExactly(List.of("sc.exe", "config", "IGELRMGUIServer", "start=", "auto"));
  }

  @Test
  @DisplayName(
      "S3: the Windows installer runs through the wrapper, and its report is read from its log")
  void installReadsTheReportFromTheLog() {
    fake.write("report", "2 of 3 servers updated");
    Path installer = fake.windowsInstaller();

    UmsHost.InstallOutcome outcome =
        faked().install(FakeHost.TARGET, installer.toString(), (p, m) -> {});

    assertThat(outcome.report()).isEqualTo("2 of 3 servers updated");
    assertThat(outcome.serversUpdated()).isEqualTo(2);
    String state = dir.toAbsolutePath() + "/agent-state";
    assertThat(fake.calls("installer"))
        .containsExactly(
            List.of(
                "installer",
                "/VERYSILENT",
                "/SUPPRESSMSGBOXES",
                "/NORESTART",
                "/LOADINF=" + state + "/ums-setup.inf",
                "/LOG=" + state + "/installer-" + FakeHost.TARGET + ".log"));
    assertThat(fake.calls("powershell.exe"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c)
                    .startsWith(
                        "powershell.exe",
                        "-NoProfile",
                        "-NonInteractive",
                        "-ExecutionPolicy",
                        "Bypass",
                        "-File",
                        state + "/run-installer.ps1",
                        state + "/installer-" + FakeHost.TARGET + ".exit",
                        state + "/installers/" + installer.getFileName()));
  }

  @Test
  @DisplayName("a Windows config without installWrapper is refused, naming the script to use")
  void windowsNeedsAnInstallWrapper() {
    assertThatThrownBy(
            () -> LocalHostConfigLoader.parse(fake.windowsYaml("installWrapper:"), "w.yaml"))
        .hasMessageContaining("installWrapper: missing")
        .hasMessageContaining("run-installer.ps1");
  }

  @Test
  @DisplayName("{env:NAME} is refused outside the S4 commands")
  void envPlaceholderOnlyInReconfigure() {
    assertThatThrownBy(
            () ->
                fake.config(
                    "SERVER",
                    "installer",
                    "versionCommand: [show, \"{env:UMS_SERVICE_PASSWORD}\"]"))
        .hasMessageContaining("versionCommand: unknown placeholder {env:UMS_SERVICE_PASSWORD}");
  }
}
