package org.umsrollout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.umsrollout.bench.BareChainWorkflow.Call;
import org.umsrollout.bench.BareChainWorkflow.Chain;
import org.umsrollout.workflows.temporal.DataConverters;

/** What a recorded history tells: the activity calls it made, and its events by type. */
final class Histories {
  private static final ObjectMapper JSON = DataConverters.objectMapper();

  private Histories() {}

  /**
   * The activity calls of a history as a bare chain: each workflow task's scheduled activities form
   * one step, in the order the history has them, with their inputs as the rollout sent them.
   */
  static Chain chain(WorkflowExecutionHistory history) {
    Map<Long, List<Call>> steps = new TreeMap<>();
    for (HistoryEvent event : history.getEvents()) {
      if (event.getEventType() != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        continue;
      }
      ActivityTaskScheduledEventAttributes a = event.getActivityTaskScheduledEventAttributes();
      List<JsonNode> args = new ArrayList<>();
      for (Payload p : a.getInput().getPayloadsList()) {
        args.add(json(p));
      }
      steps
          .computeIfAbsent(a.getWorkflowTaskCompletedEventId(), k -> new ArrayList<>())
          .add(
              new Call(
                  a.getActivityType().getName(),
                  a.getTaskQueue().getName(),
                  args,
                  millis(a.getStartToCloseTimeout()),
                  millis(a.getHeartbeatTimeout())));
    }
    return new Chain(List.copyOf(steps.values()));
  }

  /** How many events of each type, most first. */
  static Map<String, Long> countByType(WorkflowExecutionHistory history) {
    Map<String, Long> counts = new TreeMap<>();
    for (HistoryEvent event : history.getEvents()) {
      counts.merge(event.getEventType().name().replace("EVENT_TYPE_", ""), 1L, Long::sum);
    }
    return counts;
  }

  /** The number of activity calls of one type. */
  static long activities(WorkflowExecutionHistory history, String type) {
    return history.getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals(type))
        .count();
  }

  private static JsonNode json(Payload payload) {
    try {
      return JSON.readTree(payload.getData().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("an activity input that is not JSON", e);
    }
  }

  private static long millis(com.google.protobuf.Duration d) {
    return d.getSeconds() * 1000 + d.getNanos() / 1_000_000;
  }
}
