package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.umsrollout.activities.central.Checksums;
import org.umsrollout.activities.host.InstallerRefusedException;

/**
 * Least authority: the agent runs only installers its own configuration allows, its own checked
 * copy of them, and nothing a rollout's values could turn into another command.
 */
class InstallerPolicyTest {
  @TempDir Path dir;
  private FakeHost fake;

  @BeforeEach
  void setUp() throws Exception {
    fake = FakeHost.in(dir);
  }

  static Stream<String> hostileNames() {
    return Stream.of(
        "/etc/shadow",
        "/bin/sh",
        "{dir}/../setup-igel-ums-linux_12.05.100.bin",
        "{dir}/./setup-igel-ums-linux_12.05.100.bin",
        "{dir}/sub/setup-igel-ums-linux_12.05.100.bin",
        "{dir}/setup-igel-ums-linux_12.05.100.bin;rm -rf /",
        "{dir}/setup-igel-ums-linux_12.05.100.bin && reboot",
        "{dir}/setup-igel-ums-linux_$(id).bin",
        "{dir}/setup-igel-ums-linux_12.05.100.bin\nrm -rf /",
        "{dir}/setup-igel-ums-linux_`reboot`.bin",
        "{dir}/setup-igel-ums-linux_12.05.100.sh",
        "{dir}/installer",
        "{dir}/setup-igel-ums-linux_12.05.100.bin.bak",
        "relative/setup-igel-ums-linux_12.05.100.bin",
        "{dir}/" + "a".repeat(2_000) + ".bin",
        "{dir}/setup-igel-ums-linux_1" + "2".repeat(5_000) + ".05.100.bin",
        "",
        "setup-igel-ums-linux_12.05.100.bin\u0000.txt");
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  @DisplayName("a hostile installer name is refused for the checksum and for the install")
  void hostileInstallerNamesAreRefused(String name) {
    LocalUmsHost host = fake.host("SERVER", "installer");
    String requested = name.replace("{dir}", dir.toString());

    assertThatThrownBy(() -> host.installerSha256(requested))
        .isInstanceOf(InstallerRefusedException.class)
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> host.install("12.05.100", requested, (p, m) -> {}))
        .isInstanceOf(InstallerRefusedException.class);
    assertThat(fake.installerRuns()).isZero();
    assertThat(dir.resolve("agent-state/refused-installers.log")).exists();
  }

  @ParameterizedTest
  @MethodSource("hostileVersions")
  @DisplayName("a version that is not Major.Minor.Build never reaches a command")
  void hostileVersionsAreRefused(String version) throws Exception {
    LocalUmsHost host = fake.host("SERVER", "installer");
    host.installerSha256(fake.installerFile.toString());

    assertThatThrownBy(() -> host.install(version, fake.installerFile.toString(), (p, m) -> {}))
        .isInstanceOf(InstallerRefusedException.class);
    assertThat(fake.installerRuns()).isZero();
  }

  static Stream<String> hostileVersions() {
    return Stream.of(
        "12.05.100; reboot", "$(id)", "../../etc", "12.05", "1".repeat(3_000), "12.05.100\n");
  }

  @Test
  @DisplayName("the installer named by its bare file name is taken from the configured directory")
  void bareFileNameIsLookedUpInTheDirectory() throws Exception {
    LocalUmsHost host = fake.host("SERVER", "installer");

    assertThat(host.installerSha256(fake.installerFile.getFileName().toString()))
        .contains(Checksums.sha256(fake.installerFile));
  }

  @Test
  @DisplayName("the installer of another version than the one to install is refused")
  void installerOfAnotherVersionIsRefused() throws Exception {
    LocalUmsHost host = fake.host("SERVER", "installer");
    host.installerSha256(fake.installerFile.toString());

    assertThatThrownBy(() -> host.install("12.06.000", fake.installerFile.toString(), (p, m) -> {}))
        .isInstanceOf(InstallerRefusedException.class)
        .hasMessageContaining("it is the installer of 12.05.100, not of 12.06.000");
  }

  @Test
  @DisplayName("a link in the installer directory is never followed, whatever it points at")
  void linkIsRefused() throws Exception {
    Path link = dir.resolve("setup-igel-ums-linux_12.07.000.bin");
    Files.createSymbolicLink(link, fake.installerFile);
    LocalUmsHost host = fake.host("SERVER", "installer");

    assertThatThrownBy(() -> host.installerSha256(link.toString()))
        .isInstanceOf(InstallerRefusedException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  @DisplayName("what runs is the agent's checked copy: a file changed after the check does not run")
  void changeAfterTheCheckDoesNotRun() throws Exception {
    LocalUmsHost host = fake.host("SERVER", "installer");
    String checked = host.installerSha256(fake.installerFile.toString()).orElseThrow();
    Path copy = dir.resolve("agent-state/installers").resolve(fake.installerFile.getFileName());

    Files.writeString(fake.installerFile, "replaced after the check");
    host.install("12.05.100", fake.installerFile.toString(), (p, m) -> {});

    assertThat(Checksums.sha256(copy)).isEqualTo(checked);
    assertThat(fake.read("installer-arg")).isEqualTo(copy.toString());
  }

  @Test
  @DisplayName("with pinned checksums, an installer of another checksum is refused")
  void unpinnedChecksumIsRefused() {
    LocalUmsHost host =
        fake.host(
            "SERVER",
            "installer",
            "installers: {directory: \"" + dir + "\", allowedSha256: [" + "a".repeat(64) + "]}");

    assertThatThrownBy(() -> host.installerSha256(fake.installerFile.toString()))
        .isInstanceOf(InstallerRefusedException.class)
        .hasMessageContaining("is not among installers.allowedSha256");
  }

  @Test
  @DisplayName("without an installers section the agent runs no installer at all")
  void noPolicyNoInstaller() {
    LocalUmsHost host = fake.host("SERVER", "installer", "installers:");

    assertThatThrownBy(() -> host.installerSha256(fake.installerFile.toString()))
        .isInstanceOf(InstallerRefusedException.class)
        .hasMessageContaining("installers.directory is not configured");
  }
}
