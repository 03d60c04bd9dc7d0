package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.host.local.LocalHostConfigLoader.LocalHostConfigException;
import org.umsrollout.workflows.model.HostRole;

/** Reading the local backend's YAML: strict, with defaults, errors naming file and field. */
class LocalHostConfigLoaderTest {
  @TempDir Path dir;

  private static final String MINIMAL =
      """
      name: ums-srv-1
      role: server
      services:
        server: igel-ums-server
        watchdog: igel-ums-watchdog
      versionCommand: [cat, /opt/IGEL/RemoteManager/version]
      installCommand: ["{installer}", --unattended, "{version}"]
      endUpdateModeCommand: [umsadmin-cli, end-update-mode]
      """;

  @Test
  @DisplayName("a minimal file gets the defaults: systemctl is-active, /root, requireRoot, setsid")
  void defaults() throws Exception {
    Path file = dir.resolve("host.yaml");
    Files.writeString(file, MINIMAL);

    LocalHostConfig config = LocalHostConfigLoader.load(file);

    assertThat(config.role()).isEqualTo(HostRole.SERVER);
    assertThat(config.hostServices()).containsExactly("igel-ums-server", "igel-ums-watchdog");
    assertThat(config.serviceActiveCommand())
        .containsExactly("systemctl", "is-active", "{service}");
    assertThat(config.rootDir()).isEqualTo("/root");
    assertThat(config.requireRoot()).isTrue();
    assertThat(config.installTimeoutMinutes()).isNull();
    assertThat(config.stateDir()).isEqualTo("/var/lib/ums-rollout-agent");
    assertThat(config.detachCommand()).containsExactly("setsid");
    assertThat(config.commandTimeoutSeconds()).isEqualTo(60);
    assertThat(config.permanentExitCodes()).isEmpty();
    assertThat(config.modeCommand()).isNull();
    assertThat(config.reconfigureServiceCommands()).isEmpty();
  }

  @Test
  @DisplayName("installTimeoutMinutes of an older file still loads; the rollout policy bounds it")
  void installTimeoutMinutesStillLoads() {
    LocalHostConfig config =
        LocalHostConfigLoader.parse(MINIMAL + "installTimeoutMinutes: 120\n", "h.yaml");

    assertThat(config.installTimeoutMinutes()).isEqualTo(120);
    assertThatThrownBy(
            () -> LocalHostConfigLoader.parse(MINIMAL + "installTimeoutMinutes: 0\n", "h.yaml"))
        .hasMessageContaining("installTimeoutMinutes: must be positive");
  }

  @Test
  @DisplayName("stateDir and detachCommand are read; an empty detachCommand is allowed")
  void stateDirAndDetachCommand() {
    LocalHostConfig config =
        LocalHostConfigLoader.parse(
            MINIMAL + "stateDir: /srv/agent\ndetachCommand: []\n", "h.yaml");

    assertThat(config.stateDir()).isEqualTo("/srv/agent");
    assertThat(config.detachCommand()).isEmpty();
    assertThatThrownBy(
            () ->
                LocalHostConfigLoader.parse(
                    MINIMAL + "detachCommand: [setsid, \"{version}\"]\n", "h.yaml"))
        .hasMessageContaining("detachCommand: unknown placeholder {version}");
  }

  @Test
  @DisplayName("an unknown field is refused, naming the file, line and field")
  void unknownFieldRefused() throws Exception {
    Path file = dir.resolve("host.yaml");
    Files.writeString(file, MINIMAL + "installTimout: 30\n");

    assertThatThrownBy(() -> LocalHostConfigLoader.load(file))
        .isInstanceOf(LocalHostConfigException.class)
        .hasMessageStartingWith(file + ":9: ")
        .hasMessageContaining("unknown field 'installTimout'")
        .hasMessageContaining("installTimeoutMinutes");
  }

  @Test
  @DisplayName("an unknown field in services is refused with its parent")
  void unknownNestedFieldRefused() {
    String yaml = MINIMAL.replace("  watchdog:", "  watchdgo:");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("h.yaml")
        .hasMessageContaining("services: unknown field 'watchdgo'");
  }

  @Test
  @DisplayName("a missing required field is named")
  void missingFieldNamed() {
    String yaml = MINIMAL.replace("versionCommand: [cat, /opt/IGEL/RemoteManager/version]\n", "");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("h.yaml")
        .hasMessageContaining("versionCommand: missing");
  }

  @Test
  @DisplayName("N1: a server role needs its server service and the end-update-mode command")
  void serverNeedsServerService() {
    String yaml = MINIMAL.replace("  server: igel-ums-server\n", "");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("services.server: missing");
    assertThatThrownBy(
            () ->
                LocalHostConfigLoader.parse(
                    MINIMAL.replace("endUpdateModeCommand: [umsadmin-cli, end-update-mode]\n", ""),
                    "h.yaml"))
        .hasMessageContaining("endUpdateModeCommand: missing");
  }

  @Test
  @DisplayName("a role that is not one of the four is refused")
  void badRole() {
    assertThatThrownBy(
            () ->
                LocalHostConfigLoader.parse(MINIMAL.replace("role: server", "role: db"), "h.yaml"))
        .hasMessageContaining("h.yaml:2: role: 'db' is not allowed here; allowed: server,");
  }

  @Test
  @DisplayName("a placeholder a command does not fill is refused")
  void unknownPlaceholder() {
    String yaml = MINIMAL.replace("\"{version}\"]", "\"{verison}\"]");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("installCommand: unknown placeholder {verison}");
  }

  @Test
  @DisplayName("a command is a list of argv strings, not one shell string")
  void commandIsAList() {
    String yaml =
        MINIMAL.replace(
            "versionCommand: [cat, /opt/IGEL/RemoteManager/version]",
            "versionCommand: cat /opt/IGEL/RemoteManager/version");

    assertThatThrownBy(() -> LocalHostConfigLoader.parse(yaml, "h.yaml"))
        .hasMessageContaining("h.yaml")
        .hasMessageContaining("versionCommand");
  }

  @Test
  @DisplayName("the example config for a Linux host loads")
  void exampleLoads() {
    Path example = Path.of("..", "deploy", "examples", "local-host-linux.yaml");

    LocalHostConfig config = LocalHostConfigLoader.load(example);

    assertThat(config.role()).isEqualTo(HostRole.SERVER_AND_LOAD_BALANCER);
    assertThat(config.hostServices())
        .isEqualTo(List.of("igel-ums-server", "igel-ums-broker", "igel-ums-watchdog"));
  }
}
