package org.umsrollout.worker;

import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.umsrollout.activities.host.local.LocalHostConfig;
import org.umsrollout.activities.host.local.LocalHostConfigLoader;
import org.umsrollout.activities.host.local.LocalUmsHost;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.SimulatedUmsHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A host agent, polling its host's task queue. With the {@code simulated} backend it acts on hosts
 * of a lab that another process created ({@code lab --no-agents} or a test), over the shared lab
 * database; with the {@code local} backend it acts on the machine it runs on, as its YAML config
 * describes.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    subcommands = AgentCheck.class,
    description =
        "Runs a host agent: the simulated backend over a shared lab (--lab), or the local backend"
            + " on the host it runs on (--backend local --config FILE). 'agent check --config FILE'"
            + " tries a local config on the host without changing anything.")
final class AgentCommand implements Callable<Integer> {
  enum Backend {
    simulated,
    local
  }

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions temporal;

  @Option(
      names = "--backend",
      defaultValue = "simulated",
      description =
          "simulated (a lab host; needs --lab) or local (this machine; needs --config and one"
              + " --host). Default: ${DEFAULT-VALUE}")
  Backend backend;

  // Checked in call(), not by picocli: "agent check" needs no --host.
  @Option(
      names = "--host",
      description =
          "the host this agent acts on; with the simulated backend repeat it to serve several lab"
              + " hosts from one process")
  List<String> hosts;

  @Option(
      names = "--lab",
      description =
          "simulated backend: JDBC URL of the lab, e.g. jdbc:h2:file:/tmp/lab/db;AUTO_SERVER=TRUE")
  String labUrl;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "local backend: the host's YAML config (see deploy/examples/local-host-linux.yaml and"
              + " local-host-windows.yaml)")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    if (hosts == null || hosts.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--host'");
    }
    return backend == Backend.local ? runLocal() : runSimulated();
  }

  private int runSimulated() throws InterruptedException {
    if (labUrl == null) {
      throw new ParameterException(spec.commandLine(), "the simulated backend needs --lab");
    }
    if (config != null) {
      throw new ParameterException(
          spec.commandLine(), "--config is for the local backend (--backend local)");
    }
    Lab lab = Lab.open(labUrl);
    WorkerFactory factory = temporal.workerFactory();
    for (String host : hosts) {
      Workers.hostAgent(factory, new SimulatedUmsHost(lab, host));
    }
    System.out.println(
        "agent for "
            + String.join(", ", hosts)
            + " of lab "
            + lab.site()
            + " polling "
            + temporal.address);
    Workers.runUntilStopped(factory, lab::close);
    return 0;
  }

  private int runLocal() throws InterruptedException {
    if (hosts.size() != 1) {
      throw new ParameterException(
          spec.commandLine(),
          "the local backend acts on the host it runs on: give exactly one --host, not "
              + hosts.size());
    }
    if (config == null) {
      throw new ParameterException(spec.commandLine(), "the local backend needs --config FILE");
    }
    if (labUrl != null) {
      throw new ParameterException(
          spec.commandLine(), "--lab is for the simulated backend, not the local one");
    }
    LocalHostConfig hostConfig = LocalHostConfigLoader.load(config);
    String host = hosts.get(0);
    if (!hostConfig.name().equals(host)) {
      throw new ParameterException(
          spec.commandLine(),
          "--host " + host + " differs from the name " + hostConfig.name() + " in " + config);
    }
    LocalUmsHost local = new LocalUmsHost(hostConfig);
    WorkerFactory factory = temporal.workerFactory();
    Workers.hostAgent(factory, local);
    List<String> rights = local.installRightsProblems();
    System.out.println(
        "agent for "
            + host
            + " ("
            + hostConfig.role()
            + ", local backend, "
            + config
            + ") polling "
            + temporal.address
            + (rights.isEmpty() ? "" : "; warning (P6): " + String.join("; ", rights)));
    Workers.runUntilStopped(factory, () -> {});
    return 0;
  }
}
