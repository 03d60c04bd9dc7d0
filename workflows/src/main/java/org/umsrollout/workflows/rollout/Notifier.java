package org.umsrollout.workflows.rollout;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.umsrollout.workflows.model.Webhook;
import org.umsrollout.workflows.ports.Notification;
import org.umsrollout.workflows.ports.NotificationActivities;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * Tells the policy's webhook what an operator should know. Only rollouts whose policy names a
 * webhook call it (a field older rollouts' input cannot hold, so their histories replay without
 * these activities). A notification that cannot be delivered after its retries is noted in the
 * timeline and never holds or ends the rollout.
 */
final class Notifier {
  static final String GATE_OPENED = "gate-opened";
  static final String GATE_TIMED_OUT = "gate-timed-out";
  static final String HELD = "held";
  static final String FREEZE_ALERT = "freeze-alert";
  static final String ROLLOUT_ENDED = "rollout-ended";

  private final RolloutState state;
  private final NotificationActivities notifications;

  Notifier(RolloutState state) {
    this.state = state;
    this.notifications =
        Workflow.newActivityStub(
            NotificationActivities.class,
            ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.ORCHESTRATOR)
                .setStartToCloseTimeout(Duration.ofSeconds(15))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofSeconds(10))
                        .setMaximumAttempts(4)
                        .build())
                .build());
  }

  /** Sends and waits for the delivery (or its last failed attempt). */
  void send(String event, String subject, String message) {
    Notification notification = notification(event, subject, message);
    if (notification == null) {
      return;
    }
    try {
      notifications.send(notification);
    } catch (ActivityFailure e) {
      state.note("webhook " + event + " not delivered: " + Wording.rootMessage(e));
    }
  }

  /** Sends without waiting, for callbacks (a timer's), which must not block. */
  void sendLater(String event, String subject, String message) {
    Notification notification = notification(event, subject, message);
    if (notification == null) {
      return;
    }
    Async.procedure(notifications::send, notification)
        .exceptionally(
            e -> {
              String why =
                  e instanceof TemporalFailure failure
                      ? Wording.rootMessage(failure)
                      : String.valueOf(e.getMessage());
              state.note("webhook " + event + " not delivered: " + why);
              return null;
            });
  }

  /** The notification, or null where the policy names no webhook. */
  private Notification notification(String event, String subject, String message) {
    Webhook hook = state.policy.webhook();
    if (hook == null || hook.url() == null) {
      return null;
    }
    String rolloutId = Workflow.getInfo().getWorkflowId();
    String link =
        hook.dashboardUrl() == null
            ? null
            : hook.dashboardUrl().replaceAll("/+$", "")
                + "/rollouts/"
                // A rollout id is rollout/<site>, the site letters, digits, '.', '_', '-' only.
                + rolloutId.replace("/", "%2F");
    return new Notification(
        hook.url(),
        event,
        rolloutId,
        state.request.inventory().site(),
        state.phase.name(),
        subject,
        message,
        Workflow.currentTimeMillis(),
        link,
        state.serversOnLocalCopy());
  }
}
