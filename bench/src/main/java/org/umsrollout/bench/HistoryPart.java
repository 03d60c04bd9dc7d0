package org.umsrollout.bench;

import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.rollout.RolloutWorkflowImpl;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * History: the events of an incident-free rollout per host, for the demo's network and the vendor's
 * largest (6 servers, 3 load balancers, 20 consoles), with the default gates approved at once by
 * Update; and how long the largest one's history takes to replay on today's code.
 */
final class HistoryPart {
  private static final double EVENTS_TARGET = 15;
  private static final double REPLAY_TARGET_MS = 200;
  private static final int WARM_UP = 3;

  private HistoryPart() {}

  static void run(Options options, ResultTable table, StringBuilder notes) {
    try (Site demo = Site.inMemory("bench-history-demo", "demo-", 3, 2, 1, Duration.ofMillis(50));
        Site largest =
            Site.inMemory("bench-history-largest", "big-", 6, 3, 20, Duration.ofMillis(50));
        Workbench bench =
            new Workbench(Backend.inMemory(null)).agents(demo).agents(largest).start()) {
      eventsPerHost(bench, demo, table, notes);
      WorkflowExecutionHistory history = eventsPerHost(bench, largest, table, notes);
      replay(history, options.replays, table);
    }
  }

  private static WorkflowExecutionHistory eventsPerHost(
      Workbench bench, Site site, ResultTable table, StringBuilder notes) {
    int hosts = site.hosts().size();
    String shape =
        site.inventory.servers().size()
            + " servers, "
            + site.inventory.loadBalancers().size()
            + " LBs, "
            + site.inventory.consoles().size()
            + " consoles";
    RolloutWorkflow rollout = site.start(bench.client, site.request(Policy.DEFAULT_APPROVALS, 10));
    List<Long> waits = Site.autoApprove(rollout, Duration.ofMillis(50));
    Site.completed(rollout, Duration.ofMinutes(2));
    WorkflowExecutionHistory history = bench.history(rollout);
    int events = history.getEvents().size();
    Map<String, Long> byType = Histories.countByType(history);
    table.add(
        Figure.atMost(
            "history",
            "events per host, " + hosts + " hosts (" + shape + ")",
            (double) events / hosts,
            EVENTS_TARGET,
            "",
            events
                + " events; the largest kinds: "
                + largest(byType, 3)
                + " (all in BENCHMARKS.md)"));
    notes
        .append("Events of the incident-free rollout of ")
        .append(hosts)
        .append(" hosts (")
        .append(shape)
        .append("; ")
        .append(waits.size())
        .append(" gates approved by Update): ")
        .append(events)
        .append(" in all, ")
        .append(String.format(Locale.ROOT, "%.1f", (double) events / hosts))
        .append(" per host\n\n| event type | count | per host |\n|---|---|---|\n");
    byType.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                notes.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %d | %.1f |%n",
                        e.getKey(),
                        e.getValue(),
                        (double) e.getValue() / hosts)));
    notes.append("\nActivities by type: ");
    notes.append(
        activityTypes(history).entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")));
    notes.append("\n\n");
    return history;
  }

  private static Map<String, Long> activityTypes(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(e -> e.hasActivityTaskScheduledEventAttributes())
        .collect(
            Collectors.groupingBy(
                e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName(),
                java.util.TreeMap::new,
                Collectors.counting()));
  }

  private static String largest(Map<String, Long> byType, int n) {
    return byType.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** Replays the history on today's code: warmed up, then the median of {@code times}. */
  private static void replay(WorkflowExecutionHistory history, int times, ResultTable table) {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(
                    WorkflowClientOptions.newBuilder()
                        .setDataConverter(DataConverters.rollout())
                        .build())
                .build());
    try {
      Worker worker = env.newWorker(TaskQueues.ORCHESTRATOR);
      worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class);
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < WARM_UP + times; i++) {
        long at = System.nanoTime();
        try {
          WorkflowReplayer.replayWorkflowExecution(history, worker);
        } catch (Exception e) {
          throw new IllegalStateException("the recorded history does not replay", e);
        }
        if (i >= WARM_UP) {
          millis.add((System.nanoTime() - at) / 1_000_000);
        }
      }
      table.add(
          Figure.atMost(
              "history",
              "replay of the largest site's history ("
                  + history.getEvents().size()
                  + " events), median of "
                  + times,
              Bench.median(millis),
              REPLAY_TARGET_MS,
              "ms",
              "replay runs every workflow task of the history again"));
    } finally {
      env.close();
    }
  }
}
