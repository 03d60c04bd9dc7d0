package org.umsrollout.worker;

import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The orchestrator worker: runs rollout workflows and the database activities. */
@Command(
    name = "orchestrator",
    mixinStandardHelpOptions = true,
    description = {
      "Runs rollout workflows and the central (database) activities.",
      "With --metrics-port it also answers probes there: /healthz (live) and /readyz (ready:"
          + " polling, and Temporal answered within the last 20 s)."
    })
final class OrchestratorCommand implements Callable<Integer> {
  @Mixin ConnectionOptions temporal;

  @Option(
      names = "--backup-dir",
      defaultValue = "${java.io.tmpdir}/ums-rollout-backups",
      description = "where backups go when the inventory names no directory")
  Path backupDir;

  @Override
  public Integer call() throws InterruptedException {
    WorkerFactory factory = temporal.workerFactory();
    Workers.orchestrator(factory, new CentralActivitiesImpl(backupDir));
    Health health = null;
    if (temporal.metrics != null) {
      health = Health.watch(factory);
      temporal.metrics.serveHealth(health);
    }
    System.out.println(
        "orchestrator polling " + temporal.address + " (namespace " + temporal.namespace + ")");
    Workers.runUntilStopped(factory, health == null ? () -> {} : health::close);
    return 0;
  }
}
