package org.umsrollout.bench;

import io.temporal.client.WorkflowStub;
import io.temporal.worker.MetricsType;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.umsrollout.bench.BareChainWorkflow.Chain;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutResult;

/**
 * Scale: N sites of the demo's shape (3 servers, 2 load balancers, 1 console), each with a lab of
 * its own and zero-time installs, on one orchestrator worker and the in-memory server, all at once:
 * every other site runs a rollout, the others the bare chain of the activities a template site's
 * rollout called (its site name replaced). Both halves meet the same machine at the same time, so
 * the ratio of their completion rates shows what the rollout's own workflow work costs when many
 * run, whatever else the machine does meanwhile.
 */
final class ScalePart {
  private static final double TARGET = 80;

  private ScalePart() {}

  static void run(int sites, ResultTable table) {
    String part = "scale (" + sites + " sites)";
    Metrics metrics = new Metrics();
    List<Site> network = new ArrayList<>();
    long setupAt = System.nanoTime();
    try (Workbench bench = new Workbench(Backend.inMemory(metrics.scope));
        Sampler sampler = new Sampler()) {
      network.addAll(
          IntStream.rangeClosed(0, sites)
              .parallel()
              .mapToObj(i -> Site.inMemory(name(sites, i), "", 3, 2, 1, Duration.ZERO))
              .toList());
      Map<String, Site> byName = new HashMap<>();
      network.forEach(s -> byName.put(s.name(), s));
      bench.sharedAgents(byName, network.get(0).hosts());
      bench.start();
      // Site 0 is the template: its rollout, unmeasured, gives every bare chain its calls.
      Site template = network.remove(0);
      Site.completed(
          template.start(bench.client, template.request(List.of(), 30)), Duration.ofMinutes(2));
      String chain = Json.write(Histories.chain(bench.history(template)));
      long setupMs = (System.nanoTime() - setupAt) / 1_000_000;
      // Generous: a run that stalls must end, but a slow machine must not fail a large size.
      Duration timeout = Duration.ofSeconds(Math.max(300, sites * 3L / 5));

      // Rollouts and bare chains alternate and run at once, so both meet the same machine.
      long at = System.nanoTime();
      List<CompletableFuture<Long>> rollouts = new ArrayList<>();
      List<CompletableFuture<Long>> bares = new ArrayList<>();
      for (int i = 0; i < network.size(); i++) {
        Site site = network.get(i);
        if (i % 2 == 0) {
          RolloutWorkflow rollout = site.start(bench.client, site.request(List.of(), 30));
          rollouts.add(
              WorkflowStub.fromTyped(rollout)
                  .getResultAsync(RolloutResult.class)
                  .thenApply(r -> done(r, at)));
        } else {
          Chain own = Json.read(chain.replace(template.name(), site.name()), Chain.class);
          bares.add(
              bench
                  .startBare(site, own)
                  .getResultAsync(Integer.class)
                  .thenApply(n -> done(null, at)));
        }
      }
      double rolloutS = last(rollouts, timeout) / 1e9;
      double bareS = last(bares, timeout) / 1e9;
      double rolloutMean = mean(rollouts) / 1e9;
      double bareMean = mean(bares) / 1e9;
      long evictions = metrics.counter(MetricsType.STICKY_CACHE_TOTAL_FORCED_EVICTION);
      long misses = metrics.counter(MetricsType.STICKY_CACHE_MISS);
      Double minWfSlots =
          metrics.minGauge(MetricsType.WORKER_TASK_SLOTS_AVAILABLE, "WorkflowWorker");
      long wftWaitMax = metrics.maxTimerMs(MetricsType.WORKFLOW_TASK_SCHEDULE_TO_START_LATENCY);
      double wftWaitMean = metrics.meanTimerMs(MetricsType.WORKFLOW_TASK_SCHEDULE_TO_START_LATENCY);
      double cpu = sampler.meanCpu();
      double machine = sampler.meanMachineCpu();

      double rate = rollouts.size() / rolloutS;
      double floor = bares.size() / bareS;
      // Each workflow's rate is one over its time to complete; the mean time compares them.
      double percent = 100 * bareMean / rolloutMean;
      String limit = limit(sites + 1, evictions, minWfSlots, wftWaitMean, machine);
      table.add(
          Figure.atLeast(
              part,
              "rollout completion rate / bare floor's (by mean time to complete)",
              percent,
              TARGET,
              "%",
              "the rollout's workflow tasks (" + limit + ")"));
      table.add(
          Figure.info(
              part,
              "rollouts, bare chains: count, mean time to complete, all done after",
              String.format(
                  Locale.ROOT,
                  "%d, %.1f s, %.1f s (%.1f/s); %d, %.1f s, %.1f s (%.1f/s); 45 activities each",
                  rollouts.size(),
                  rolloutMean,
                  rolloutS,
                  rate,
                  bares.size(),
                  bareMean,
                  bareS,
                  floor)));
      table.add(
          Figure.info(
              part,
              "peak heap, peak RSS, setup",
              String.format(
                  Locale.ROOT,
                  "%.0f MiB, %.0f MiB, %.1f s for %d labs and one template rollout",
                  sampler.maxHeapMiB(),
                  sampler.maxRssMiB(),
                  setupMs / 1000.0,
                  sites + 1)));
      table.add(
          Figure.info(
              part,
              "where the limit is",
              String.format(
                  Locale.ROOT,
                  "CPU: this process %.0f%%, the machine %.0f%% of %d cores; workflow task wait"
                      + " mean %.0f ms, max %d ms; free workflow task slots min %s of %d;"
                      + " forced cache evictions %d (one per completed workflow is normal),"
                      + " sticky misses %d",
                  cpu * 100,
                  machine * 100,
                  Runtime.getRuntime().availableProcessors(),
                  wftWaitMean,
                  wftWaitMax,
                  minWfSlots == null ? "?" : String.valueOf(Math.round(minWfSlots)),
                  WorkerOptions.getDefaultInstance().getMaxConcurrentWorkflowTaskExecutionSize(),
                  evictions,
                  misses)));
    } finally {
      network.forEach(Site::close);
    }
  }

  private static String name(int sites, int i) {
    return String.format(Locale.ROOT, "bench-scale-%d-%04d", sites, i);
  }

  /** Nanoseconds from {@code at} to now; a rollout must have completed. */
  private static long done(RolloutResult result, long at) {
    if (result != null && result.outcome() != Phase.COMPLETED) {
      throw new IllegalStateException(
          "rollout ended " + result.outcome() + ": " + result.message());
    }
    return System.nanoTime() - at;
  }

  /** The mean time to complete, in nanoseconds from the common start; all are done. */
  private static double mean(List<CompletableFuture<Long>> runs) {
    return runs.stream().mapToLong(CompletableFuture::join).average().orElse(0);
  }

  /** When the last of them was done, in nanoseconds from the common start. */
  private static long last(List<CompletableFuture<Long>> runs, Duration timeout) {
    long last = 0;
    for (CompletableFuture<Long> run : runs) {
      try {
        last = Math.max(last, run.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("a run did not complete", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return last;
  }

  /**
   * Names what held the rollouts back, from the worker's own metrics and the CPU: every workflow
   * leaves the cache once when it completes, so only evictions beyond that are the cache's limit.
   */
  static String limit(int sites, long evictions, Double minSlots, double waitMeanMs, double cpu) {
    List<String> causes = new ArrayList<>();
    if (cpu > 0.85) {
      causes.add("the machine's CPU was busy " + Math.round(cpu * 100) + "%");
    }
    if (evictions > sites) {
      causes.add("workflow cache full: " + (evictions - sites) + " evictions, each a replay");
    }
    if (minSlots != null && minSlots < 1) {
      causes.add("workflow task slots exhausted");
    }
    if (waitMeanMs > 100) {
      causes.add("workflow tasks waited " + Math.round(waitMeanMs) + " ms on average for a poller");
    }
    return causes.isEmpty() ? "no worker limit reached" : String.join(", ", causes);
  }
}
