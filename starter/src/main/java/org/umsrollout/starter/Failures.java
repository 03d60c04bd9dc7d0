package org.umsrollout.starter;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** Turns what the SDK throws into sentences a user understands. */
final class Failures {
  private Failures() {}

  static String unreachable(String address, Throwable e) {
    return "cannot reach Temporal at " + address + ": " + grpcReason(e);
  }

  /** Whether the failure means the service did not answer: refused, unreachable, too slow. */
  static boolean isConnectionProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        Status.Code code = s.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
      }
    }
    return false;
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

  private static String grpcReason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        Status status = s.getStatus();
        String description = status.getDescription();
        Throwable cause = status.getCause();
        String detail =
            cause != null && cause.getMessage() != null
                ? cause.getMessage()
                : description == null ? "" : description;
        return status.getCode() + (detail.isEmpty() ? "" : " (" + detail + ")");
      }
    }
    return rootMessage(e);
  }
}
