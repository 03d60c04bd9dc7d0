package org.umsrollout.activities.host.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /**
   * How often a running installer is reported to {@link UmsHost.Progress}: the activity heartbeats
   * with each report and learns of its cancellation only then. The SDK sends fewer to the server.
   */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private static final Duration REAP_POLL = Duration.ofMillis(50);

  private static final boolean WINDOWS = System.getProperty("os.name").startsWith("Windows");

  /** The bound of an attached installer (Windows) called without one. */
  private static final Duration ATTACHED_UNBOUNDED = Duration.ofDays(1);

  private final LocalHostConfig config;
  private final Pattern versionPattern;
  private final Pattern reportPattern;
  private final String userName;
  private final DetachedInstaller installer;

  public LocalUmsHost(LocalHostConfig config) {
    this(config, System.getProperty("user.name"));
  }

  /** With the user the agent runs as given, for tests. */
  LocalUmsHost(LocalHostConfig config, String userName) {
    this.config = config;
    this.versionPattern = Pattern.compile(config.versionPattern());
    this.reportPattern = Pattern.compile(config.installReportPattern());
    this.userName = userName;
    this.installer = new DetachedInstaller(Path.of(config.stateDir()), config.detachCommand());
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
    return install(version, installerPath, null, progress);
  }

  @Override
  public Optional<String> pendingInstall() {
    return installer.record().map(DetachedInstaller.Record::version);
  }

  /**
   * Runs the installer apart from the agent (see {@link DetachedInstaller}), or, where an earlier
   * attempt started the installer of {@code version}, waits for that one or reports how it ended.
   * Ending the wait early never stops the installer.
   */
  @Override
  public InstallOutcome install(
      String version, String installerPath, Duration waitBound, Progress progress) {
    if (WINDOWS) {
      return installAttached(version, installerPath, waitBound, progress);
    }
    DetachedInstaller.Record record;
    CompletableFuture<?> ended;
    // One decision at a time: two attempts in this agent must not both start an installer.
    synchronized (installer) {
      Optional<DetachedInstaller.Record> recorded = installer.record();
      if (recorded.isPresent() && !recorded.get().version().equals(version)) {
        DetachedInstaller.Record other = recorded.get();
        DetachedInstaller.State state = installer.state(other);
        if (state instanceof DetachedInstaller.Running) {
          throw new InstallFailedException(
              name()
                  + ": the installer of "
                  + other.version()
                  + " is still running ("
                  + other.describe()
                  + "); not starting the installer of "
                  + version
                  + " beside it",
              false);
        }
        log.warn(
            "{}: forgetting the installer of {}, which ended unreported ({}; {})",
            name(),
            other.version(),
            state,
            other.describe());
        installer.forget(other);
        recorded = Optional.empty();
      }
      if (recorded.isPresent()) {
        record = recorded.get();
        DetachedInstaller.State state = installer.state(record);
        log.info(
            "{}: an earlier attempt started the installer of {} ({}); {}",
            name(),
            version,
            record.describe(),
            state instanceof DetachedInstaller.Running
                ? "waiting for it"
                : "it has ended: " + state);
        ended =
            state instanceof DetachedInstaller.Running running
                ? running.process().onExit()
                : CompletableFuture.completedFuture(null);
      } else {
        List<String> command =
            LocalHostConfig.fill(
                config.installCommand(),
                Map.of(LocalHostConfig.VERSION, version, LocalHostConfig.INSTALLER, installerPath));
        DetachedInstaller.Started started;
        try {
          started = installer.start(version, installerPath, command);
        } catch (IOException e) {
          throw new InstallFailedException(
              name() + ": cannot start the installer of " + version + ": " + e.getMessage(), false);
        }
        record = started.record();
        ended = started.process().onExit();
        log.info("{}: started {} apart from the agent ({})", name(), command, record.describe());
      }
    }
    await(record, ended, waitBound, progress);
    return finish(record, progress);
  }

  /**
   * Waits until the installer of {@code record} has ended. Leaves it running when the wait ends
   * otherwise: at {@code waitBound}, when {@code progress} throws (the activity was cancelled, the
   * worker shuts down), when interrupted.
   */
  private void await(
      DetachedInstaller.Record record,
      CompletableFuture<?> ended,
      Duration waitBound,
      Progress progress) {
    long deadline = waitBound == null ? 0 : System.nanoTime() + waitBound.toNanos();
    try {
      while (installer.state(record) instanceof DetachedInstaller.Running) {
        long seconds = Duration.between(record.started(), Instant.now()).toSeconds();
        String line = DetachedInstaller.lastLine(record.stdout());
        progress.report(
            0,
            "installer of "
                + record.version()
                + " running for "
                + seconds
                + " s"
                + (line.isEmpty() ? "" : ": " + line));
        long wait = PROGRESS_INTERVAL.toNanos();
        if (waitBound != null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            log.warn(
                "{}: stopped waiting for the installer of {} after {}: it keeps running ({}); the"
                    + " next attempt waits for it",
                name(),
                record.version(),
                waitBound,
                record.describe());
            throw new InstallFailedException(
                name()
                    + ": the installer of "
                    + record.version()
                    + " is still running after "
                    + seconds
                    + " s; left running ("
                    + record.describe()
                    + "): the next attempt waits for it instead of starting another",
                false);
          }
          wait = Math.min(wait, left);
        }
        if (ended.isDone()) {
          // The process ended but is not yet seen so (a zombie not reaped yet): look again soon.
          TimeUnit.NANOSECONDS.sleep(Math.min(wait, REAP_POLL.toNanos()));
        } else {
          try {
            ended.get(wait, TimeUnit.NANOSECONDS);
          } catch (TimeoutException | ExecutionException stillRunningOrUnknown) {
            // Looked at again above.
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn(
          "{}: interrupted while waiting for the installer of {}: it keeps running ({}); the next"
              + " attempt waits for it",
          name(),
          record.version(),
          record.describe());
      throw new InstallFailedException(
          name()
              + ": interrupted while waiting for the installer of "
              + record.version()
              + "; left running ("
              + record.describe()
              + "): the next attempt waits for it",
          false);
    } catch (InstallFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn(
          "{}: stopped waiting for the installer of {} ({}): it keeps running ({}); the next"
              + " attempt waits for it",
          name(),
          record.version(),
          e.toString(),
          record.describe());
      throw e;
    }
  }

  /**
   * Windows: no {@code setsid} and no {@code /bin/sh}, so the installer runs as a child of the
   * agent as it always did, and is stopped with the wait (bound passed, activity cancelled).
   */
  private InstallOutcome installAttached(
      String version, String installerPath, Duration waitBound, Progress progress) {
    List<String> command =
        LocalHostConfig.fill(
            config.installCommand(),
            Map.of(LocalHostConfig.VERSION, version, LocalHostConfig.INSTALLER, installerPath));
    long started = System.nanoTime();
    Runnable tick =
        () -> {
          long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
          progress.report(0, "installer of " + version + " running for " + seconds + " s");
        };
    log.info("{}: running {} (not detached on Windows)", name(), command);
    ProcessRunner.Result r;
    try {
      r =
          ProcessRunner.run(
              command, Map.of(), waitBound == null ? ATTACHED_UNBOUNDED : waitBound, tick);
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

  /** Reports how the ended installer of {@code record} went, and forgets it. */
  private InstallOutcome finish(DetachedInstaller.Record record, Progress progress) {
    String version = record.version();
    DetachedInstaller.State state = installer.state(record);
    if (state instanceof DetachedInstaller.Vanished) {
      installer.forget(record);
      throw new InstallFailedException(
          name()
              + ": the installer of "
              + version
              + " ended without an exit code: it was killed (host rebooted, process stopped), and"
              + " the host may be half-updated ("
              + record.describe()
              + "). The next attempt starts it again",
          false);
    }
    int code = ((DetachedInstaller.Exited) state).code();
    if (code != 0) {
      installer.forget(record);
      boolean permanent = config.permanentExitCodes().contains(code);
      throw new InstallFailedException(
          name()
              + ": installer of "
              + version
              + " exited "
              + code
              + (permanent ? " (permanent)" : "")
              + ": "
              + new ProcessRunner.Result(code, "", DetachedInstaller.read(record.stderr()))
                  .stderrTail(),
          permanent);
    }
    InstallOutcome outcome = outcome(version, DetachedInstaller.read(record.stdout()));
    progress.report(100, "installer of " + version + " finished");
    // Only now: should the report above fail, the next attempt reads the exit code again.
    installer.forget(record);
    return outcome;
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
    if (role().isServer() && !WINDOWS) {
      Path root = Path.of(config.rootDir());
      if (!Files.isDirectory(root) || !Files.isWritable(root)) {
        problems.add(
            config.rootDir()
                + (Files.exists(root) ? " is not a writable directory" : " does not exist")
                + "; it must be writable when a server of an HA network is installed");
      }
    }
    if (!WINDOWS) {
      Path state = Path.of(config.stateDir());
      try {
        Files.createDirectories(state);
      } catch (IOException | SecurityException e) {
        // Reported below.
      }
      if (!Files.isDirectory(state) || !Files.isWritable(state)) {
        problems.add(
            "the state directory "
                + config.stateDir()
                + (Files.exists(state) ? " is not a writable directory" : " cannot be created")
                + "; the agent records there the installer it starts, to find it again");
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
