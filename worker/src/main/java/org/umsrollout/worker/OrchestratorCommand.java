package org.umsrollout.worker;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The orchestrator worker: runs rollout workflows and the database activities. */
@Command(
    name = "orchestrator",
    mixinStandardHelpOptions = true,
    description = "Runs rollout workflows and the central (database) activities.")
final class OrchestratorCommand implements Callable<Integer> {
  @Option(names = "--address", defaultValue = "localhost:7233", description = "Temporal frontend")
  String address;

  @Option(names = "--namespace", defaultValue = "default")
  String namespace;

  @Option(
      names = "--backup-dir",
      defaultValue = "${java.io.tmpdir}/ums-rollout-backups",
      description = "where backups go when the inventory names no directory")
  Path backupDir;

  @Override
  public Integer call() throws InterruptedException {
    WorkflowServiceStubs service = TemporalConnection.connect(address);
    WorkflowClient client = TemporalConnection.client(service, namespace);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Workers.orchestrator(factory, new CentralActivitiesImpl(backupDir));
    System.out.println("orchestrator polling " + address + " (namespace " + namespace + ")");
    Workers.runUntilStopped(factory, () -> {});
    return 0;
  }
}
