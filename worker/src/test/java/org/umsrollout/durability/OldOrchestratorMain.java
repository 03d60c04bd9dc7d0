package org.umsrollout.durability;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.nio.file.Path;
import org.umsrollout.activities.central.CentralActivitiesImpl;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.rollout.RolloutWorkflowImpl;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * The orchestrator as it was before the S2 freeze alert: the rollout workflow without its timer and
 * without the "freeze-alert" version marker. Takes the production orchestrator's arguments.
 */
public final class OldOrchestratorMain {
  private OldOrchestratorMain() {}

  /** The workflow code before the freeze alert. */
  public static class BeforeFreezeAlert extends RolloutWorkflowImpl {
    @WorkflowInit
    public BeforeFreezeAlert(RolloutRequest request) {
      super(request);
    }

    @Override
    protected int freezeAlertVersion() {
      return Workflow.DEFAULT_VERSION;
    }
  }

  public static void main(String[] args) throws InterruptedException {
    String address = args[java.util.Arrays.asList(args).indexOf("--address") + 1];
    Path backups = Path.of(args[java.util.Arrays.asList(args).indexOf("--backup-dir") + 1]);
    WorkflowClient client =
        TemporalConnection.client(TemporalConnection.connect(address), "default");
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TaskQueues.ORCHESTRATOR);
    worker.registerWorkflowImplementationTypes(BeforeFreezeAlert.class);
    worker.registerActivitiesImplementations(new CentralActivitiesImpl(backups));
    factory.start();
    System.out.println("orchestrator polling " + address + " (old code, before the freeze alert)");
    Thread.currentThread().join();
  }
}
