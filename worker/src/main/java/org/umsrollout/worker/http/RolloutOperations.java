package org.umsrollout.worker.http;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.client.rollouts.Rollouts;
import org.umsrollout.workflows.messages.AbortRequest;
import org.umsrollout.workflows.messages.GateAnswer;
import org.umsrollout.workflows.messages.GateDecision;
import org.umsrollout.workflows.messages.HostDecision;
import org.umsrollout.workflows.messages.OperatorRequest;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.RolloutIds;

/** What the dashboard reads from and sends to Temporal; the same for the pages and the JSON. */
public final class RolloutOperations implements AutoCloseable {
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
  static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(15);
  static final int LIST_LIMIT = 200;

  /** An answer the rollout refused, or that could not be given; {@code status} is HTTP's. */
  public static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final WorkflowClient client;

  /**
   * Where calls that may wait for an orchestrator run, so that a request gives up after its bound
   * (not the shared pool: one waiting call must not hold up the others).
   */
  private final ExecutorService calls =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "dashboard-call");
            thread.setDaemon(true);
            return thread;
          });

  public RolloutOperations(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }

  public List<RolloutView> list(Rollouts.Filter filter) {
    return Rollouts.list(client, filter, LIST_LIMIT);
  }

  /**
   * The newest run of the rollout of {@code site}: with the orchestrator's status when it answers
   * within {@link #QUERY_TIMEOUT}, else what visibility records; empty when there is none.
   */
  public Optional<RolloutView> get(String site) {
    String id = RolloutIds.workflowId(site);
    WorkflowStub stub = client.newUntypedWorkflowStub(id, Optional.empty(), Optional.empty());
    RolloutView view;
    try {
      view = Rollouts.view(stub.describe());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
    try {
      RolloutStatus status =
          bounded(QUERY_TIMEOUT, () -> stub.query("status", RolloutStatus.class));
      return Optional.of(view.withStatus(status));
    } catch (Refused e) {
      return Optional.of(view);
    }
  }

  /** Approves ({@code approve}) or rejects a gate through the Update, as {@code by}. */
  public GateAnswer decide(
      String site, String gate, boolean approve, String by, String reason, boolean confirmed) {
    RolloutWorkflow rollout =
        client.newWorkflowStub(RolloutWorkflow.class, RolloutIds.workflowId(site));
    GateDecision decision =
        new GateDecision(gate, by, blankToNull(reason), confirmed ? Boolean.TRUE : null);
    GateAnswer answer =
        bounded(
            UPDATE_TIMEOUT,
            () -> approve ? rollout.approveGate(decision) : rollout.rejectGate(decision));
    if ("REFUSED".equals(answer.state())) {
      // The approver policy refuses in the handler, so that the history keeps who tried.
      throw new Refused(403, answer.message());
    }
    return answer;
  }

  /** Tries again whatever the rollout holds at (the Update {@code retry}); its answer. */
  public String retry(String site, String by, String reason) {
    RolloutWorkflow rollout = stub(site);
    OperatorRequest request = new OperatorRequest(by, blankToNull(reason));
    return bounded(UPDATE_TIMEOUT, () -> rollout.retry(request));
  }

  /** Goes on without the host the rollout holds at (the Update {@code skipHost}); its answer. */
  public String skip(String site, String host, String by, String reason, boolean confirmed) {
    RolloutWorkflow rollout = stub(site);
    HostDecision decision =
        new HostDecision(host, by, blankToNull(reason), confirmed ? Boolean.TRUE : null);
    return bounded(UPDATE_TIMEOUT, () -> rollout.skipHost(decision));
  }

  /**
   * Sends the abort signal; the rollout stops before its next step, past the point of no return
   * only when {@code confirmed} (S6). A signal has no answer: the timeline shows what it did.
   */
  public void abort(String site, String by, String reason, boolean confirmed) {
    RolloutWorkflow rollout = stub(site);
    AbortRequest request =
        new AbortRequest(by, blankToNull(reason), confirmed ? Boolean.TRUE : null);
    bounded(
        UPDATE_TIMEOUT,
        () -> {
          rollout.abort(request);
          return null;
        });
  }

  private RolloutWorkflow stub(String site) {
    return client.newWorkflowStub(RolloutWorkflow.class, RolloutIds.workflowId(site));
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  /**
   * Runs {@code call}; a refusal, a missing rollout or no answer in time become {@link Refused}.
   */
  private <T> T bounded(Duration timeout, Supplier<T> call) {
    Future<T> future = calls.submit(call::get);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new Refused(
          504, "no orchestrator answered within " + timeout.toSeconds() + " s; is one running?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused(503, "interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WorkflowNotFoundException) {
        throw new Refused(404, "no such rollout");
      }
      if (cause instanceof WorkflowUpdateException) {
        throw new Refused(409, rootMessage(cause));
      }
      throw new Refused(502, rootMessage(cause));
    }
  }

  /** The message at the bottom of a failure chain, without the SDK's decorations. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (root instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
