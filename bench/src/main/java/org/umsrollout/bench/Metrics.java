package org.umsrollout.bench;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.StatsReporter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.umsrollout.workflows.temporal.TaskQueues;

/**
 * The SDK's worker metrics of the orchestrator's queue, kept in memory: what tells where a worker's
 * limit is (free task slots, sticky cache evictions, how long tasks waited for a poller).
 */
final class Metrics implements StatsReporter {
  private final Map<String, Long> counters = new ConcurrentHashMap<>();
  private final Map<String, Double> minGauges = new ConcurrentHashMap<>();
  private final Map<String, Double> maxGauges = new ConcurrentHashMap<>();
  private final Map<String, Long> maxTimersMs = new ConcurrentHashMap<>();
  private final Map<String, long[]> timerSums = new ConcurrentHashMap<>();
  final Scope scope;

  Metrics() {
    scope =
        new RootScopeBuilder().reporter(this).reportEvery(com.uber.m3.util.Duration.ofMillis(200));
  }

  long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** The lowest value a gauge showed, by its name and worker type. */
  Double minGauge(String name, String workerType) {
    return minGauges.get(name + "/" + workerType);
  }

  Double maxGauge(String name, String workerType) {
    return maxGauges.get(name + "/" + workerType);
  }

  long maxTimerMs(String name) {
    return maxTimersMs.getOrDefault(name, 0L);
  }

  double meanTimerMs(String name) {
    long[] sum = timerSums.get(name);
    return sum == null || sum[1] == 0 ? 0 : (double) sum[0] / sum[1];
  }

  private static boolean orchestrator(Map<String, String> tags) {
    String queue = tags.get("task_queue");
    return queue == null || queue.equals(TaskQueues.ORCHESTRATOR) || !queue.startsWith("ums-host/");
  }

  @Override
  public void reportCounter(String name, Map<String, String> tags, long value) {
    if (orchestrator(tags)) {
      counters.merge(name, value, Long::sum);
    }
  }

  @Override
  public void reportGauge(String name, Map<String, String> tags, double value) {
    if (TaskQueues.ORCHESTRATOR.equals(tags.get("task_queue")) || !tags.containsKey("task_queue")) {
      String key = name + "/" + tags.getOrDefault("worker_type", "");
      minGauges.merge(key, value, Math::min);
      maxGauges.merge(key, value, Math::max);
    }
  }

  @Override
  public void reportTimer(String name, Map<String, String> tags, com.uber.m3.util.Duration value) {
    if (orchestrator(tags)) {
      long ms = value.toMillis();
      maxTimersMs.merge(name, ms, Math::max);
      timerSums.compute(
          name, (k, s) -> s == null ? new long[] {ms, 1} : new long[] {s[0] + ms, s[1] + 1});
    }
  }

  @Override
  public void reportHistogramValueSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      double bucketLowerBound,
      double bucketUpperBound,
      long samples) {}

  @Override
  public void reportHistogramDurationSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      com.uber.m3.util.Duration bucketLowerBound,
      com.uber.m3.util.Duration bucketUpperBound,
      long samples) {}

  @Override
  public Capabilities capabilities() {
    return CapableOf.REPORTING_TAGGING;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
