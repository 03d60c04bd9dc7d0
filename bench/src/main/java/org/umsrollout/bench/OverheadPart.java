package org.umsrollout.bench;

import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.umsrollout.bench.BareChainWorkflow.Chain;
import org.umsrollout.workflows.rollout.RolloutWorkflow;

/**
 * Overhead: a rollout of the demo's network (3 servers, 2 load balancers, 1 console) against the
 * bare chain of the very activities it called, on the same service, queues and lab, alternately, in
 * one run. No gate waits for an operator, so no operator time is in either.
 */
final class OverheadPart {
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final double TARGET = 1.10;

  private OverheadPart() {}

  static void run(Backend backend, Options options, ResultTable table) {
    String part = "overhead (" + backend.name() + ")";
    String id = backend.name().replace(' ', '-');
    try (Site site =
            Site.inMemory(
                "bench-overhead-" + id, "", 3, 2, 1, Duration.ofMillis(options.installMillis));
        Workbench bench = new Workbench(backend, false).agents(site).start()) {
      // One pair unmeasured: class loading, JIT, the lab's first statements.
      pair(bench, site);
      List<Long> rollouts = new ArrayList<>();
      List<Long> bares = new ArrayList<>();
      int calls = 0;
      for (int i = 0; i < options.pairs; i++) {
        long[] pair = pair(bench, site);
        rollouts.add(pair[0]);
        bares.add(pair[1]);
        calls = (int) pair[2];
      }
      double rollout = Bench.median(rollouts);
      double bare = Bench.median(bares);
      double ratio = rollout / bare;
      table.add(
          Figure.atMost(
              part,
              "rollout / bare chain, median of " + options.pairs + " pairs",
              ratio,
              TARGET,
              "x",
              "the rollout's own workflow tasks (state, search attribute upserts, steps one after"
                  + " another that the chain runs as they were scheduled) add "
                  + Math.round((rollout - bare) / calls)
                  + " ms per activity"));
      table.add(
          Figure.info(
              part,
              "rollout, bare chain (medians), activities, install, added per activity",
              Math.round(rollout)
                  + " ms, "
                  + Math.round(bare)
                  + " ms, "
                  + calls
                  + " calls, "
                  + options.installMillis
                  + " ms/host, "
                  + Math.round((rollout - bare) / calls)
                  + " ms"));
    }
  }

  /** One rollout, then the bare chain of its activities, each on a lab set back to the start. */
  private static long[] pair(Workbench bench, Site site) {
    site.reset();
    long at = System.nanoTime();
    RolloutWorkflow rollout = site.start(bench.client, site.request(List.of(), 10));
    Site.completed(rollout, TIMEOUT);
    long rolloutMs = (System.nanoTime() - at) / 1_000_000;
    Chain chain = Histories.chain(bench.history(rollout));
    site.reset();
    at = System.nanoTime();
    WorkflowStub bare = bench.startBare(site, chain);
    Workbench.awaitBare(bare, TIMEOUT);
    long bareMs = (System.nanoTime() - at) / 1_000_000;
    return new long[] {rolloutMs, bareMs, chain.calls()};
  }
}
