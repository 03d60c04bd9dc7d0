package org.umsrollout.worker;

import io.temporal.worker.WorkerFactory;
import java.util.List;
import java.util.concurrent.Callable;
import org.umsrollout.activities.lab.Lab;
import org.umsrollout.activities.lab.SimulatedUmsHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A host agent for a host of a lab that another process created ({@code lab --no-agents} or a
 * test): the simulated backend over the shared lab database, polling the host's task queue.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Runs the host agent of a lab host (simulated backend over a shared lab).")
final class AgentCommand implements Callable<Integer> {
  @Mixin ConnectionOptions temporal;

  @Option(
      names = "--host",
      required = true,
      description = "the lab host this agent acts on; repeat it to serve several from one process")
  List<String> hosts;

  @Option(
      names = "--lab",
      required = true,
      description = "JDBC URL of the lab, e.g. jdbc:h2:file:/tmp/lab/db;AUTO_SERVER=TRUE")
  String labUrl;

  @Override
  public Integer call() throws InterruptedException {
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
}
