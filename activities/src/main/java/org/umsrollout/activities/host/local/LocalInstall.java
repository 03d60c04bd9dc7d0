package org.umsrollout.activities.host.local;

import io.temporal.activity.Activity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.umsrollout.activities.central.ProcessRunner;
import org.umsrollout.activities.host.InstallFailedException;
import org.umsrollout.activities.host.UmsHost;
import org.umsrollout.activities.host.UmsHost.InstallOutcome;
import org.umsrollout.activities.host.UmsHost.Progress;
import org.umsrollout.workflows.model.HostRole;

/**
 * The install path of the {@code local} backend: starts the installer apart from the agent through
 * {@link DetachedInstaller}, or finds the one an earlier attempt started, waits for it and reports
 * how it ended. The same on Linux and Windows: the configured detach command and wrapper make the
 * difference.
 */
final class LocalInstall {
  private static final Logger log = LoggerFactory.getLogger(LocalInstall.class);

  /**
   * How often a running installer is reported to {@link UmsHost.Progress}: the activity heartbeats
   * with each report and learns of its cancellation only then. The SDK sends fewer to the server.
   */
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private static final Duration REAP_POLL = Duration.ofMillis(50);

  private final LocalHostConfig config;
  private final Pattern reportPattern;
  private final DetachedInstaller installer;
  private final IntSupplier attempt;

  /**
   * @param attempt the attempt of the install activity: above 1 an automatic retry, 1 a first call
   *     or an operator's retry (a new activity)
   */
  LocalInstall(LocalHostConfig config, IntSupplier attempt) {
    this.config = config;
    this.reportPattern = Pattern.compile(config.installReportPattern());
    this.installer =
        new DetachedInstaller(
            Path.of(config.stateDir()), config.detachCommand(), config.installWrapper());
    this.attempt = attempt;
  }

  /** The attempt of the activity this thread runs, or 1 outside an activity. */
  static int activityAttempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (IllegalStateException notInAnActivity) {
      return 1;
    }
  }

  /** What runs for the installer {@code command} of {@code version}. */
  List<String> argv(String version, List<String> command) {
    return installer.argv(installer.exitFileOf(version), command);
  }

  private String name() {
    return config.name();
  }

  private HostRole role() {
    return config.role();
  }

  /**
   * The version of the installer recorded as started and not yet reported, if any. One reported
   * gone stays here until an operator's retry starts it again: the host is in doubt, and an install
   * call, not a reading of the version an installer may write early, decides what to do.
   */
  Optional<String> pending() {
    return installer.record().map(DetachedInstaller.Record::version);
  }

  /** Whether the recorded installer's process still runs: not one that ended or is gone. */
  boolean running() {
    return installer
        .record()
        .map(r -> installer.state(r) instanceof DetachedInstaller.Running)
        .orElse(false);
  }

  /**
   * Runs the installer apart from the agent (see {@link DetachedInstaller}), or, where an earlier
   * attempt started the installer of {@code version}, waits for that one or reports how it ended.
   * Ending the wait early never stops the installer.
   */
  InstallOutcome install(
      String version, String installerPath, Duration waitBound, Progress progress) {
    DetachedInstaller.Record record;
    CompletableFuture<?> ended;
    // One decision at a time: two attempts in this agent must not both start an installer.
    synchronized (installer) {
      Optional<DetachedInstaller.Record> recorded = installer.record();
      if (recorded.isPresent()) {
        recorded = holdIfGone(recorded.get());
      }
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
   * Where the recorded installer is gone without an exit code (killed, host rebooted), the host may
   * be half-updated: the first attempt to find it so reports it, permanently, and an automatic
   * retry of that attempt does the same. Only a new activity, the operator's retry, forgets it and
   * may start the installer again. Returns the record where it is not gone, else empty.
   */
  private Optional<DetachedInstaller.Record> holdIfGone(DetachedInstaller.Record record) {
    if (!(installer.state(record) instanceof DetachedInstaller.Vanished)) {
      return Optional.of(record);
    }
    if (record.goneReported().isEmpty()) {
      throw gone(record);
    }
    int current = attempt.getAsInt();
    if (current > 1) {
      log.warn(
          "{}: attempt {} is an automatic retry: not starting the installer of {} again after it"
              + " was reported gone ({})",
          name(),
          current,
          record.version(),
          record.describe());
      throw new InstallerGoneException(name(), record);
    }
    log.warn(
        "{}: an operator retried after the installer of {} was reported gone ({}); forgetting it",
        name(),
        record.version(),
        record.describe());
    installer.forget(record);
    return Optional.empty();
  }

  /** Marks {@code record} reported gone and returns the failure that says so. */
  private InstallerGoneException gone(DetachedInstaller.Record record) {
    DetachedInstaller.Record marked;
    try {
      marked = installer.markGone(record);
    } catch (IOException e) {
      throw new IllegalStateException(
          name()
              + ": cannot note in "
              + installer.stateDir()
              + " that the installer of "
              + record.version()
              + " is gone: "
              + e.getMessage(),
          e);
    }
    InstallerGoneException failure = new InstallerGoneException(name(), marked);
    log.error("{}", failure.getMessage());
    return failure;
  }

  /** Reports how the ended installer of {@code record} went, and forgets it. */
  private InstallOutcome finish(DetachedInstaller.Record record, Progress progress) {
    String version = record.version();
    DetachedInstaller.State state = installer.state(record);
    if (state instanceof DetachedInstaller.Vanished) {
      throw gone(record);
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
    InstallOutcome outcome = outcome(version, report(record));
    progress.report(100, "installer of " + version + " finished");
    // Only now: should the report above fail, the next attempt reads the exit code again.
    installer.forget(record);
    return outcome;
  }

  /** Where the installer's report is: its log file where one is configured, else its stdout. */
  private String report(DetachedInstaller.Record record) {
    if (config.installLog() == null) {
      return DetachedInstaller.read(record.stdout());
    }
    String log = config.installLog().replace(LocalHostConfig.VERSION, record.version());
    return DetachedInstaller.read(Path.of(log)) + "\n" + DetachedInstaller.read(record.stdout());
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
}
