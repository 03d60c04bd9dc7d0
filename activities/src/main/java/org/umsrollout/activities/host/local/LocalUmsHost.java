package org.umsrollout.activities.host.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.umsrollout.activities.central.ProcessRunner;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.workflows.model.HostRole;
import org.umsrollout.workflows.ports.HostStatus;

/**
 * The {@code local} backend: the machine the host agent runs on. Runs the commands of its {@link
 * LocalHostConfig} (installer, service checks, version, mode, datasource, umsadmin-cli) as argv
 * lists, never through a shell the operator did not write. What it reads is {@link LocalStatus}'s,
 * the install {@link LocalInstall}'s.
 */
public final class LocalUmsHost implements UmsHost {
  private static final Logger log = LoggerFactory.getLogger(LocalUmsHost.class);

  private final LocalHostConfig config;
  private final LocalCommands commands;
  private final LocalStatus statusReader;
  private final LocalInstall installs;
  private final InstallerStaging staging;

  public LocalUmsHost(LocalHostConfig config) {
    this(config, System::getenv, LocalInstall::activityAttempt);
  }

  /**
   * With the agent's environment (for {@code {env:NAME}}) and the install activity's attempt given,
   * for tests.
   */
  LocalUmsHost(LocalHostConfig config, UnaryOperator<String> environment, IntSupplier attempt) {
    this.config = config;
    this.commands = new LocalCommands(config, environment);
    this.statusReader = new LocalStatus(config, commands);
    this.installs = new LocalInstall(config, attempt);
    this.staging =
        new InstallerStaging(config.name(), config.installers(), Path.of(config.stateDir()));
    if (config.installTimeoutMinutes() != null) {
      log.warn(
          "{}: installTimeoutMinutes is ignored: the rollout policy's installTimeoutSeconds bounds"
              + " each install attempt; remove it from the host config",
          config.name());
    }
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
    return statusReader.read();
  }

  /** The config this host acts on. */
  public LocalHostConfig config() {
    return config;
  }

  /** What reads the host, item by item, for {@link LocalHostCheck}. */
  LocalStatus statusReader() {
    return statusReader;
  }

  /** The argv the installer of {@code version} would run with, wrapper and all. */
  List<String> installArgv(String version, String installerPath) {
    List<String> command =
        LocalHostConfig.fill(
            config.installCommand(),
            Map.of(LocalHostConfig.VERSION, version, LocalHostConfig.INSTALLER, installerPath));
    return installs.argv(version, command);
  }

  @Override
  public InstallOutcome install(String version, String installerPath, Progress progress) {
    return install(version, installerPath, null, progress);
  }

  @Override
  public Optional<String> pendingInstall() {
    return installs.pending();
  }

  @Override
  public boolean installerRunning() {
    return installs.running();
  }

  /**
   * Runs the installer apart from the agent (see {@link DetachedInstaller}), or, where an earlier
   * attempt started the installer of {@code version}, waits for that one or reports how it ended.
   * Ending the wait early never stops the installer.
   */
  @Override
  public InstallOutcome install(
      String version, String installerPath, Duration waitBound, Progress progress) {
    // What runs is the agent's own checked copy (least authority), never the rollout's path.
    String run = staging.staged(installerPath, version).toString();
    return installs.install(version, run, waitBound, progress);
  }

  @Override
  public HostStatus endUpdateMode() {
    if (config.endUpdateModeCommand() == null) {
      throw new IllegalStateException(name() + ": no endUpdateModeCommand is configured");
    }
    commands.check(config.endUpdateModeCommand(), "end update mode", Map.of());
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
      commands.check(command, "S4 service reconfiguration", values);
    }
    return status();
  }

  @Override
  public HostStatus takeOutOfNetwork() {
    for (String service : config.takeOutServices()) {
      for (List<String> command : config.takeOutCommands()) {
        commands.check(
            command, "taking it out of the HA network", Map.of(LocalHostConfig.SERVICE, service));
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
    return staging.stage(path);
  }

  /** The installer's checksum as {@link #installerSha256} would give it, copying nothing. */
  Optional<String> checkInstaller(String path) {
    return staging.check(path);
  }

  @Override
  public List<String> installRightsProblems() {
    List<String> problems = new ArrayList<>();
    if (config.requireRoot()) {
      adminProblem().ifPresent(problems::add);
    }
    if (role().isServer() && config.rootDir() != null) {
      Path root = Path.of(config.rootDir());
      if (!Files.isDirectory(root) || !Files.isWritable(root)) {
        problems.add(
            config.rootDir()
                + (Files.exists(root) ? " is not a writable directory" : " does not exist")
                + "; it must be writable when a server of an HA network is installed");
      }
    }
    Path state = Path.of(config.stateDir());
    try {
      Files.createDirectories(state);
    } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
      // Reported below.
    }
    if (!Files.isDirectory(state) || !Files.isWritable(state)) {
      problems.add(
          "the state directory "
              + config.stateDir()
              + (Files.exists(state) ? " is not a writable directory" : " cannot be created")
              + "; the agent records there the installer it starts, to find it again");
    }
    return problems;
  }

  /**
   * What {@code rightsCommand} tells of the agent's administrator rights (Linux: uid 0; Windows:
   * the Administrators group enabled in its token).
   *
   * @param admin null where the command could not be run
   * @param detail what the command showed, or why it could not run
   */
  record AdminRights(Boolean admin, String detail) {}

  AdminRights adminRights() {
    ProcessRunner.Result r;
    try {
      r = commands.run(config.rightsCommand(), "rights command");
    } catch (IllegalStateException e) {
      return new AdminRights(null, e.getMessage());
    }
    if (r.exitCode() != 0) {
      return new AdminRights(
          false, config.rightsCommand() + " exited " + r.exitCode() + ": " + r.stderrTail());
    }
    if (config.rightsPattern() != null
        && !Pattern.compile(config.rightsPattern()).matcher(r.stdout()).find()) {
      return new AdminRights(
          false, config.rightsCommand() + " printed no match of " + config.rightsPattern());
    }
    return new AdminRights(true, config.rightsCommand() + " shows administrator rights");
  }

  /** Why the agent lacks administrator rights; empty when it has them. */
  Optional<String> adminProblem() {
    AdminRights rights = adminRights();
    if (Boolean.TRUE.equals(rights.admin())) {
      return Optional.empty();
    }
    return Optional.of(
        rights.admin() == null
            ? "cannot tell whether the host agent has administrator rights: " + rights.detail()
            : "the host agent runs without administrator rights ("
                + rights.detail()
                + "); the installer needs them");
  }
}
