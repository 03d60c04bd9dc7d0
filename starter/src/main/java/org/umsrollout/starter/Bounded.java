package org.umsrollout.starter;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Calls that only an orchestrator worker answers (Updates, the status query), bounded in time.
 * While no orchestrator runs, Temporal keeps an Update waiting for one, and the SDK asks again
 * without end; under a gRPC deadline every call the SDK makes ends by then, and it says so with
 * {@code DEADLINE_EXCEEDED} instead of hanging.
 */
final class Bounded {
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "umsrollout-deadlines");
            thread.setDaemon(true);
            return thread;
          });

  private Bounded() {}

  /** Runs {@code call} with every RPC it makes ending at most {@code bound} from now. */
  static <T> T within(Duration bound, Supplier<T> call) {
    Context.CancellableContext context =
        Context.current()
            .withDeadlineAfter(Math.max(0, bound.toMillis()), TimeUnit.MILLISECONDS, DEADLINES);
    Context previous = context.attach();
    try {
      return call.get();
    } finally {
      context.detach(previous);
      context.cancel(null);
    }
  }

  /**
   * Whether a failure says that no worker answered: the bound ran out ({@code DEADLINE_EXCEEDED}),
   * or the service knows that no worker polls the rollout's task queue. A real Temporal service
   * answers a query so at once when it has seen no poller for a while ({@code FAILED_PRECONDITION}:
   * "no poller seen for task queue recently, worker may be down"), and waits out the deadline while
   * it still expects one. A service that cannot be reached fails otherwise ({@code UNAVAILABLE}),
   * and so does a worker that answered with a failure.
   */
  static boolean unanswered(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkflowUpdateTimeoutOrCancelledException
          || t instanceof CancellationException) {
        return true;
      }
      if (t instanceof StatusRuntimeException s) {
        Status.Code code = s.getStatus().getCode();
        return code == Status.Code.DEADLINE_EXCEEDED
            || code == Status.Code.CANCELLED
            || code == Status.Code.FAILED_PRECONDITION;
      }
    }
    return false;
  }

  /** A bound as people write it: {@code 10s}, {@code 1500ms}, {@code 2m}. */
  static String describe(Duration bound) {
    if (bound.toMillis() % 1000 != 0) {
      return bound.toMillis() + "ms";
    }
    long seconds = bound.toSeconds();
    return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
