package org.umsrollout.activities.host.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.umsrollout.activities.central.ProcessRunner;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.ServiceState;

/**
 * What the {@code local} backend reads of its host: the services of its role (V1), the installed
 * version and, on a server, its mode and datasource.
 */
final class LocalStatus {
  private final LocalHostConfig config;
  private final LocalCommands commands;
  private final Pattern versionPattern;

  LocalStatus(LocalHostConfig config, LocalCommands commands) {
    this.config = config;
    this.commands = commands;
    this.versionPattern = Pattern.compile(config.versionPattern());
  }

  private String name() {
    return config.name();
  }

  private HostRole role() {
    return config.role();
  }

  HostStatus read() {
    List<ServiceState> services = new ArrayList<>();
    for (String service : config.hostServices()) {
      ProcessRunner.Result r =
          commands.run(
              LocalHostConfig.fill(
                  config.serviceActiveCommand(), Map.of(LocalHostConfig.SERVICE, service)),
              "service check of " + service);
      services.add(new ServiceState(service, r.exitCode() == 0));
    }
    ServerMode mode = null;
    Datasource datasource = null;
    if (role().isServer()) {
      mode = mode();
      // A server in update mode works on its local copy (S1); the mode is what the host shows.
      datasource = mode == ServerMode.UPDATE ? Datasource.LOCAL_COPY : Datasource.PRODUCTIVE;
    }
    return new HostStatus(name(), role(), version(), mode, datasource, services);
  }

  /** The installed version, or null where the version command shows none. */
  private String version() {
    ProcessRunner.Result r = commands.run(config.versionCommand(), "version command");
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          name()
              + ": the version command "
              + config.versionCommand()
              + " exited "
              + r.exitCode()
              + ": "
              + r.stderrTail());
    }
    Matcher m = versionPattern.matcher(r.stdout());
    if (!m.find()) {
      return null;
    }
    return (m.groupCount() >= 1 ? m.group(1) : m.group()).strip();
  }

  private ServerMode mode() {
    if (config.modeCommand() == null) {
      return ServerMode.NORMAL;
    }
    ProcessRunner.Result r = commands.run(config.modeCommand(), "mode command");
    String out = r.stdout().toUpperCase(Locale.ROOT);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          name() + ": the mode command exited " + r.exitCode() + ": " + r.stderrTail());
    }
    if (out.contains("UPDATE")) {
      return ServerMode.UPDATE;
    }
    if (out.contains("NORMAL")) {
      return ServerMode.NORMAL;
    }
    throw new IllegalStateException(
        name() + ": the mode command printed neither UPDATE nor NORMAL: " + r.stdout().strip());
  }
}
