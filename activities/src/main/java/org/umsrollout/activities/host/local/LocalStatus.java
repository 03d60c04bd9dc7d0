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
 * version and, on a server, its mode and datasource, each where a command to read it is configured.
 */
final class LocalStatus {
  private final LocalHostConfig config;
  private final LocalCommands commands;
  private final Pattern versionPattern;
  private final Pattern servicePattern;

  LocalStatus(LocalHostConfig config, LocalCommands commands) {
    this.config = config;
    this.commands = commands;
    this.versionPattern = Pattern.compile(config.versionPattern());
    this.servicePattern =
        config.serviceActivePattern() == null
            ? null
            : Pattern.compile(config.serviceActivePattern());
  }

  private String name() {
    return config.name();
  }

  private HostRole role() {
    return config.role();
  }

  HostStatus read() {
    List<ServiceState> services = services();
    ServerMode mode = null;
    Datasource datasource = null;
    if (role().isServer()) {
      // Each as its own command shows it, never one inferred from the other (S1, V2); null where
      // no command is configured: the agent cannot read it, and the workflow knows that.
      mode = mode();
      datasource = datasource();
    }
    return new HostStatus(name(), role(), version(), mode, datasource, services);
  }

  /**
   * Whether each service of the role runs: its command exits 0 and, where {@code
   * serviceActivePattern} is set, prints a match.
   */
  List<ServiceState> services() {
    List<ServiceState> services = new ArrayList<>();
    for (String service : config.hostServices()) {
      ProcessRunner.Result r =
          commands.run(
              LocalHostConfig.fill(
                  config.serviceActiveCommand(), Map.of(LocalHostConfig.SERVICE, service)),
              "service check of " + service);
      boolean running =
          r.exitCode() == 0
              && (servicePattern == null || servicePattern.matcher(r.stdout()).find());
      services.add(new ServiceState(service, running));
    }
    return services;
  }

  /** The installed version, or null where the version command shows none. */
  String version() {
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

  /** The server's mode as the mode command prints it, or null without one. */
  ServerMode mode() {
    if (config.modeCommand() == null) {
      return null;
    }
    String out = output(config.modeCommand(), "mode command");
    String upper = out.toUpperCase(Locale.ROOT);
    if (upper.contains("UPDATE")) {
      return ServerMode.UPDATE;
    }
    if (upper.contains("NORMAL")) {
      return ServerMode.NORMAL;
    }
    throw new IllegalStateException(
        name() + ": the mode command printed neither UPDATE nor NORMAL: " + out.strip());
  }

  /**
   * The server's datasource as the datasource command prints it, or null without one. LOCAL is
   * looked for first: output naming both is taken for the local copy, the reading that keeps the
   * server counted there.
   */
  Datasource datasource() {
    if (config.datasourceCommand() == null) {
      return null;
    }
    String out = output(config.datasourceCommand(), "datasource command");
    String upper = out.toUpperCase(Locale.ROOT);
    if (upper.contains("LOCAL")) {
      return Datasource.LOCAL_COPY;
    }
    if (upper.contains("PRODUCTIVE")) {
      return Datasource.PRODUCTIVE;
    }
    throw new IllegalStateException(
        name() + ": the datasource command printed neither LOCAL nor PRODUCTIVE: " + out.strip());
  }

  /** What {@code command} printed on stdout; fails unless it exits 0. */
  private String output(List<String> command, String what) {
    ProcessRunner.Result r = commands.run(command, what);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          name() + ": the " + what + " exited " + r.exitCode() + ": " + r.stderrTail());
    }
    return r.stdout();
  }
}
