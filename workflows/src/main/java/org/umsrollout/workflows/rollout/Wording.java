package org.umsrollout.workflows.rollout;

import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import org.umsrollout.workflows.temporal.FailureTypes;
import org.umsrollout.workflows.temporal.TaskQueues;

/** How the rollout words failures, people and times in its timeline and messages. */
final class Wording {
  private Wording() {}

  /**
   * The activity's own words: the outermost application failure's message (it carries the causes it
   * wrapped), else the deepest cause's, such as a timeout.
   */
  static String rootMessage(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
      if (cause instanceof ApplicationFailure app) {
        return app.getOriginalMessage();
      }
    }
    if (cause instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return cause.getMessage();
  }

  /**
   * Why a host's agent gave no answer: a timeout with no attempt's failure behind it means no agent
   * polls the host's task queue; otherwise the activity's own words.
   */
  static String agentSilence(String host, TemporalFailure failure) {
    if (failure.getCause() instanceof TimeoutFailure timeout
        && timeout.getCause() == null
        && (timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE
            || timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START)) {
      return "no agent polling "
          + TaskQueues.host(host)
          + " answered: start the host agent on "
          + host;
    }
    return rootMessage(failure);
  }

  /**
   * Why a host's installer checksum was not read: its agent refused the file, or did not answer.
   */
  static String installerUnread(String host, TemporalFailure failure) {
    if (failure.getCause() instanceof ApplicationFailure refused
        && FailureTypes.INSTALLER_REFUSED.type().equals(refused.getType())) {
      return refused.getOriginalMessage();
    }
    return "host agent did not answer: " + agentSilence(host, failure);
  }

  static String formatSeconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }

  static String formatOffset(long millis) {
    return (millis >= 0 ? "+" : "-") + Math.round(Math.abs(millis) / 1000.0) + " s";
  }

  static String orUnknown(String who) {
    return who == null || who.isBlank() ? "unknown" : who;
  }
}
