package org.umsrollout.activities.host.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.umsrollout.activities.central.Checksums;
import org.umsrollout.activities.central.ProcessRunner;
import org.umsrollout.activities.host.InstallFailedException;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.ServiceState;

/**
 * The {@code local} backend: the machine the host agent runs on. Runs the commands of its {@link
 * LocalHostConfig} (installer, service checks, version, mode, umsadmin-cli) as argv lists, never
 * through a shell the operator did not write.
 */
public final class LocalUmsHost implements UmsHost {
  private static final Logger log = LoggerFactory.getLogger(LocalUmsHost.class);

  /** How often a running installer is reported to {@link UmsHost.Progress}. */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private final LocalHostConfig config;
  private final Pattern versionPattern;
  private final Pattern reportPattern;
  private final String userName;

  public LocalUmsHost(LocalHostConfig config) {
    this(config, System.getProperty("user.name"));
  }

  /** With the user the agent runs as given, for tests. */
  LocalUmsHost(LocalHostConfig config, String userName) {
    this.config = config;
    this.versionPattern = Pattern.compile(config.versionPattern());
    this.reportPattern = Pattern.compile(config.installReportPattern());
    this.userName = userName;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public HostRole role() {
    return config.role();
  }

  @Override
  public HostStatus status() {
    List<ServiceState> services = new ArrayList<>();
    for (String service : config.hostServices()) {
      ProcessRunner.Result r =
          run(
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
  String version() {
    ProcessRunner.Result r = run(config.versionCommand(), "version command");
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
    ProcessRunner.Result r = run(config.modeCommand(), "mode command");
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

  @Override
  public InstallOutcome install(String version, String installerPath, Progress progress) {
    List<String> command =
        LocalHostConfig.fill(
            config.installCommand(),
            Map.of(LocalHostConfig.VERSION, version, LocalHostConfig.INSTALLER, installerPath));
    Duration timeout = Duration.ofMinutes(config.installTimeoutMinutes());
    long started = System.nanoTime();
    long[] lastReport = {Long.MIN_VALUE};
    Runnable tick =
        () -> {
          long now = System.nanoTime();
          if (lastReport[0] != Long.MIN_VALUE
              && now - lastReport[0] < PROGRESS_INTERVAL.toNanos()) {
            return;
          }
          lastReport[0] = now;
          long seconds = Duration.ofNanos(now - started).toSeconds();
          progress.report(0, "installer of " + version + " running for " + seconds + " s");
        };
    log.info("{}: running {}", name(), command);
    ProcessRunner.Result r;
    try {
      r = ProcessRunner.run(command, Map.of(), timeout, tick);
    } catch (IOException e) {
      throw new InstallFailedException(name() + ": " + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InstallFailedException(name() + ": interrupted while installing " + version, false);
    }
    if (r.exitCode() != 0) {
      boolean permanent = config.permanentExitCodes().contains(r.exitCode());
      throw new InstallFailedException(
          name()
              + ": installer of "
              + version
              + " exited "
              + r.exitCode()
              + (permanent ? " (permanent)" : "")
              + ": "
              + r.stderrTail(),
          permanent);
    }
    progress.report(100, "installer of " + version + " finished");
    return outcome(version, r.stdout());
  }

  private InstallOutcome outcome(String version, String stdout) {
    if (!role().isServer()) {
      return new InstallOutcome(name() + " updated to " + version, null, null, false);
    }
    Matcher m = reportPattern.matcher(stdout);
    Integer updated = null;
    Integer total = null;
    String report = name() + " updated to " + version;
    while (m.find()) {
      // The installer may print the line more than once; the last one counts.
      updated = Integer.valueOf(m.group(1));
      total = Integer.valueOf(m.group(2));
      report = m.group().strip();
    }
    // The last server renews the schema of the productive database (S5).
    boolean schemaRenewed = updated != null && updated.equals(total);
    return new InstallOutcome(report, updated, total, schemaRenewed);
  }

  @Override
  public HostStatus endUpdateMode() {
    if (config.endUpdateModeCommand() == null) {
      throw new IllegalStateException(name() + ": no endUpdateModeCommand is configured");
    }
    check(config.endUpdateModeCommand(), "end update mode", Map.of());
    return status();
  }

  @Override
  public HostStatus reconfigureServerService() {
    if (config.reconfigureServiceCommands().isEmpty()) {
      throw new IllegalStateException(
          name() + ": no reconfigureServiceCommands are configured (S4)");
    }
    Map<String, String> values = Map.of(LocalHostConfig.SERVICE, config.services().server());
    for (List<String> command : config.reconfigureServiceCommands()) {
      check(command, "S4 service reconfiguration", values);
    }
    return status();
  }

  @Override
  public HostStatus takeOutOfNetwork() {
    for (String service : config.takeOutServices()) {
      for (List<String> command : config.takeOutCommands()) {
        check(command, "taking it out of the HA network", Map.of(LocalHostConfig.SERVICE, service));
      }
    }
    return status();
  }

  @Override
  public long clockMillis() {
    // The agent runs on the host it acts on: its clock is the host's (P5).
    return System.currentTimeMillis();
  }

  @Override
  public Optional<String> installerSha256(String path) {
    Path file;
    try {
      file = Path.of(path);
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Checksums.sha256(file));
    } catch (IOException e) {
      throw new IllegalStateException(name() + ": cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> installRightsProblems() {
    List<String> problems = new ArrayList<>();
    if (config.requireRoot() && !"root".equals(userName)) {
      problems.add(
          "the host agent runs as "
              + userName
              + ", not as root; the installer needs administrator rights");
    }
    // On Windows the installer needs no /root; administrator rights are the operator's to give.
    if (role().isServer() && !System.getProperty("os.name").startsWith("Windows")) {
      Path root = Path.of(config.rootDir());
      if (!Files.isDirectory(root) || !Files.isWritable(root)) {
        problems.add(
            config.rootDir()
                + (Files.exists(root) ? " is not a writable directory" : " does not exist")
                + "; it must be writable when a server of an HA network is installed");
      }
    }
    return problems;
  }

  private void check(List<String> argv, String what, Map<String, String> values) {
    List<String> command = LocalHostConfig.fill(argv, values);
    ProcessRunner.Result r = run(command, what);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          name() + ": " + what + " " + command + " exited " + r.exitCode() + ": " + r.stderrTail());
    }
  }

  private ProcessRunner.Result run(List<String> command, String what) {
    try {
      return ProcessRunner.run(
          command, Map.of(), Duration.ofSeconds(config.commandTimeoutSeconds()), () -> {});
    } catch (IOException e) {
      throw new IllegalStateException(name() + ": " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name() + ": interrupted during " + what, e);
    }
  }
}
