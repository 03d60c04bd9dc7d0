package org.umsrollout.workflows.ports;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells a webhook what happened in a rollout; the orchestrator worker runs it. */
@ActivityInterface
public interface NotificationActivities {

  /** Posts the notification, signed; fails (and is retried) unless the receiver answers 2xx. */
  @ActivityMethod(name = "SendNotification")
  void send(Notification notification);
}
