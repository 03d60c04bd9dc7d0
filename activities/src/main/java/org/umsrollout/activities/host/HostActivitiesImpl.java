package org.umsrollout.activities.host;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.umsrollout.workflows.model.Datasource;
import org.umsrollout.workflows.model.ServerMode;
import org.umsrollout.workflows.ports.ChecksumQuery;
import org.umsrollout.workflows.ports.ChecksumReading;
import org.umsrollout.workflows.ports.ClockReading;
import org.umsrollout.workflows.ports.HostActivities;
import org.umsrollout.workflows.ports.HostQuery;
import org.umsrollout.workflows.ports.HostStatus;
import org.umsrollout.workflows.ports.InstallRequest;
import org.umsrollout.workflows.ports.InstallResult;
import org.umsrollout.workflows.ports.RightsReading;
import org.umsrollout.workflows.temporal.FailureTypes;

/**
 * The host activities a host agent runs for its one host. Each reads the host's state first and
 * does only what is missing, so a retry or a replayed task after a crash changes nothing.
 */
public class HostActivitiesImpl implements HostActivities {
  private static final Logger log = LoggerFactory.getLogger(HostActivitiesImpl.class);

  /** The most an install attempt leaves of its start-to-close timeout unused. */
  private static final Duration MAX_MARGIN = Duration.ofSeconds(30);

  private final UmsHost host;
  private final MeterRegistry metrics;

  public HostActivitiesImpl(UmsHost host) {
    this(host, Metrics.globalRegistry);
  }

  public HostActivitiesImpl(UmsHost host, MeterRegistry metrics) {
    this.host = host;
    this.metrics = metrics;
  }

  @Override
  public HostStatus status(HostQuery query) {
    checkHost(query.host());
    return host.status();
  }

  @Override
  public InstallResult install(InstallRequest command) {
    try {
      return installAllowed(command);
    } catch (InstallerRefusedException e) {
      metrics.counter("ums.install", "result", "refused").increment();
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureTypes.INSTALLER_REFUSED.type());
    }
  }

  /** The install, where the host's own policy allows the installer the rollout names. */
  private InstallResult installAllowed(InstallRequest command) {
    long entered = System.nanoTime();
    checkHost(command.host());
    ActivityExecutionContext context = Activity.getExecutionContext();
    // An installer an earlier attempt started is waited for, whatever the host shows meanwhile:
    // an installer may write the new version long before it is done.
    boolean reattach = host.pendingInstall().filter(command.targetVersion()::equals).isPresent();
    HostStatus before = host.status();
    if (!reattach && command.targetVersion().equals(before.version())) {
      log.info("{} already runs {}: nothing to install", host.name(), command.targetVersion());
      metrics.counter("ums.install", "result", "already-installed").increment();
      return new InstallResult(
          host.name(),
          before.version(),
          true,
          host.name() + " already runs " + command.targetVersion(),
          null,
          null,
          false,
          before,
          context.getInfo().getAttempt());
    }
    if (reattach) {
      // P1 and P6 were checked before that installer started; this attempt starts nothing.
      log.info(
          "{}: an earlier attempt started the installer of {}: waiting for it",
          host.name(),
          command.targetVersion());
    } else {
      Optional<String> sha = host.installerSha256(command.installerPath());
      if (sha.isEmpty() || !sha.get().equalsIgnoreCase(command.installerSha256())) {
        throw ApplicationFailure.newNonRetryableFailure(
            host.name()
                + ": installer "
                + command.installerPath()
                + (sha.isEmpty()
                    ? " missing"
                    : " has SHA-256 " + sha.get() + ", not the expected one"),
            FailureTypes.INSTALLER_MISMATCH.type());
      }
      List<String> rights = host.installRightsProblems();
      if (!rights.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            host.name() + ": cannot install: " + String.join("; ", rights),
            FailureTypes.INSTALL_RIGHTS.type());
      }
      log.info(
          "{}: installing {} from {}",
          host.name(),
          command.targetVersion(),
          command.installerPath());
    }
    Duration waitBound =
        waitBound(
            context.getInfo().getStartToCloseTimeout(),
            Duration.ofNanos(System.nanoTime() - entered));
    UmsHost.InstallOutcome outcome;
    Timer.Sample installing = Timer.start(metrics);
    try {
      outcome =
          host.install(
              command.targetVersion(),
              command.installerPath(),
              waitBound,
              (percent, message) -> context.heartbeat(percent + "% " + message));
    } catch (InstallFailedException e) {
      installing.stop(metrics.timer("ums.install.duration", "role", role(), "result", "failed"));
      metrics.counter("ums.install", "result", "failed").increment();
      if (e.hostInDoubt()) {
        throw ApplicationFailure.newNonRetryableFailure(
            e.getMessage(), FailureTypes.INSTALLER_GONE.type());
      }
      if (e.permanent()) {
        throw ApplicationFailure.newNonRetryableFailure(
            e.getMessage(), FailureTypes.INSTALL_FAILED.type());
      }
      throw ApplicationFailure.newFailure(e.getMessage(), FailureTypes.INSTALL_FAILED.type());
    }
    HostStatus after = host.status();
    installing.stop(metrics.timer("ums.install.duration", "role", role(), "result", "installed"));
    metrics.counter("ums.install", "result", "installed").increment();
    log.info("{}: {}", host.name(), outcome.report());
    return new InstallResult(
        host.name(),
        before.version(),
        false,
        outcome.report(),
        outcome.serversUpdated(),
        outcome.serversTotal(),
        outcome.schemaRenewed(),
        after,
        context.getInfo().getAttempt());
  }

  @Override
  public HostStatus endUpdateMode(HostQuery query) {
    checkHost(query.host());
    HostStatus before = host.status();
    // Nothing to do only where the host shows it done. A mode or datasource the agent cannot
    // read (null) is not taken for normal: the command runs, and must then also succeed on a
    // server already in normal mode, changing nothing there.
    if (!host.role().isServer()
        || (before.mode() == ServerMode.NORMAL && before.datasource() == Datasource.PRODUCTIVE)) {
      return before;
    }
    return host.endUpdateMode();
  }

  @Override
  public HostStatus reconfigureServerService(HostQuery query) {
    checkHost(query.host());
    if (!host.role().isServer()) {
      throw ApplicationFailure.newNonRetryableFailure(
          host.name() + " runs no UMS Server", FailureTypes.WRONG_HOST.type());
    }
    return host.reconfigureServerService();
  }

  @Override
  public HostStatus takeOutOfNetwork(HostQuery query) {
    checkHost(query.host());
    if (!host.role().isServer()) {
      throw ApplicationFailure.newNonRetryableFailure(
          host.name() + " runs no UMS Server", FailureTypes.WRONG_HOST.type());
    }
    Optional<String> running = host.pendingInstall().filter(v -> host.installerRunning());
    if (running.isPresent()) {
      // Retryable: once that installer has ended, the server can be stopped for good.
      throw new IllegalStateException(
          host.name()
              + ": the installer of "
              + running.get()
              + " was started and has not been reported (it may still run, and would start the"
              + " services again); the server is taken out of the HA network once it has ended");
    }
    return host.takeOutOfNetwork();
  }

  @Override
  public RightsReading installRights(HostQuery query) {
    checkHost(query.host());
    return new RightsReading(host.name(), host.installRightsProblems());
  }

  @Override
  public ClockReading clock(HostQuery query) {
    checkHost(query.host());
    return new ClockReading(host.name(), host.clockMillis());
  }

  @Override
  public ChecksumReading installerChecksum(ChecksumQuery query) {
    checkHost(query.host());
    Optional<String> sha;
    try {
      sha = host.installerSha256(query.installerPath());
    } catch (InstallerRefusedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureTypes.INSTALLER_REFUSED.type());
    }
    return new ChecksumReading(host.name(), sha.isPresent(), sha.orElse(null));
  }

  /** The host's role as a bounded metrics tag. */
  private String role() {
    return host.role().name();
  }

  /**
   * How long this attempt may wait for the installer: what is left of its start-to-close timeout
   * (the rollout policy's {@code installTimeoutSeconds}, the one bound of an install), less a
   * margin, so that the attempt ends with its own words before the server times it out. Null
   * without a start-to-close timeout: until the installer ends.
   */
  static Duration waitBound(Duration startToClose, Duration elapsed) {
    if (startToClose == null || startToClose.isZero() || startToClose.isNegative()) {
      return null;
    }
    Duration margin = startToClose.dividedBy(10);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    Duration left = startToClose.minus(elapsed).minus(margin);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private void checkHost(String asked) {
    if (!host.name().equals(asked)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this agent serves " + host.name() + ", not " + asked, FailureTypes.WRONG_HOST.type());
    }
  }
}
