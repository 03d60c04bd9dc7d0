package org.umsrollout.workflows.rollout;

import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.LoggerFactory;
import org.umsrollout.workflows.status.Phase;

/**
 * Rollouts under random fault schedules (see {@link FaultSchedule}): failed installs, transient and
 * permanent, installs that fail after putting their server in update mode, status reads that fail,
 * servers that do not reconnect, load balancers that do not stop, a lagging Network list, host
 * agents that die, orchestrator workers that die and come back, database outages, pauses, aborts
 * with and without confirmation, and an operator who answers holds with retries, confirmed skips
 * and confirmed aborts. {@link FaultScheduleRun} polls the rollout's status every few milliseconds
 * and, after every poll, checks from the lab's own state, not from the rollout's word:
 *
 * <ul>
 *   <li><b>I1</b> no server serves on the productive database with a Major.Minor older than its
 *       schema ({@code Lab.oldServersServingOnNewerSchema()} empty): the state the vendor forbids.
 *   <li><b>I2</b> every server the lab has on a local copy (at the reads before and after the poll)
 *       is in the status's {@code serversOnLocalCopy}, and in the search attribute {@code
 *       UmsLocalCopy} whenever that is read (while held, while the orchestrator is down, every 25th
 *       poll, at the end); servers the rollout took out of the network are exempt, and they must be
 *       stopped in the lab. An operator who reads either never loses sight of a server (S6).
 *   <li><b>I3</b> a server serves at every poll, and no install started while no other server
 *       served ({@code momentsWithoutServingServer} zero at the end) (S1).
 *   <li><b>I4</b> no installer runs twice for one install: an installer runs to a successful end at
 *       most once per host, and starts at most once more than the lab failed it after starting (a
 *       retried install that finds one running waits for it).
 *   <li><b>I5</b> every rollout ends within a bound: COMPLETED; REFUSED, FAILED or REJECTED before
 *       the point of no return; ABORTED, past that point only after a confirmed abort;
 *       FAILED_VERIFICATION only with every mismatch about a skipped host, each named, and the
 *       schema renewed (any other mismatch, a lagging Network list's too, settles or holds). Never
 *       FAILED after the point of no return, not even for a moment. A rollout that still holds when
 *       the bound is near is aborted with confirmation after the operator fixed every fault; one
 *       that then does not end breaks I5.
 * </ul>
 *
 * <p>Orchestrator restarts run the schedule's rollout worker without a sticky queue: the in-memory
 * service never times out a workflow task left on a dead worker's sticky queue, so a sticky rollout
 * would wait forever for its killed worker. Agents die as a killed process does: they stop polling
 * and never answer what they were doing (see {@link FaultRig.KillableHost}).
 *
 * <p>Slower schedules with installs of 3 s and agents that die mid-install, where installers
 * outlive their failed installs, run with {@code -Dums.outlivingInstallers=true}; they found the
 * bugs that {@link SafetyFindingsTest} keeps fixed.
 *
 * <p>The schedules run several at a time on one in-memory Temporal service. {@code
 * -Dums.schedules=N} sets how many (default 150), {@code -Dums.seed=S} runs the one schedule S,
 * {@code -Dums.baseSeed=B} the batch of B, {@code -Dums.parallel=P} how many at a time (default 6).
 * A broken schedule fails its own test, printing its seed, the schedule, what broke, what the
 * driver did, the rollout's timeline and the lab's events. The seed fixes the schedule, not the
 * interleaving with the rollout's own timing, so a rerun may need a few tries.
 */
@DisplayName("S1, S6: invariants under random fault schedules")
class RandomFaultSchedulesTest {
  private static final int DEFAULT_SCHEDULES = 150;
  private static final int DEFAULT_PARALLEL = 6;

  /**
   * Whether schedules also have the slow faults of installers that outlive their failed installs
   * (see {@link FaultSchedule#generate}); off by default, since their 3 s installs cost time.
   */
  private static final boolean OUTLIVING_INSTALLERS = Boolean.getBoolean("ums.outlivingInstallers");

  private static FaultRig rig;
  private static ExecutorService pool;
  private static final List<FaultScheduleRun.Verdict> verdicts = new ArrayList<>();
  private static long startedAt;
  private static Level temporalLevel;

  @TestFactory
  Stream<DynamicTest> invariantsHoldUnderRandomFaults_S1_S6() {
    long[] seeds = seeds();
    quietTemporalLogs();
    rig = new FaultRig();
    pool = Executors.newFixedThreadPool(Integer.getInteger("ums.parallel", DEFAULT_PARALLEL));
    startedAt = System.currentTimeMillis();
    AtomicInteger index = new AtomicInteger();
    List<Future<FaultScheduleRun.Verdict>> runs = new ArrayList<>();
    for (long seed : seeds) {
      String site = "rf" + index.incrementAndGet();
      runs.add(
          pool.submit(
              () ->
                  FaultScheduleRun.run(
                      rig, FaultSchedule.generate(seed, site, OUTLIVING_INSTALLERS))));
    }
    return IntStream.range(0, seeds.length)
        .mapToObj(
            i ->
                DynamicTest.dynamicTest(
                    "schedule " + (i + 1) + ", seed " + seeds[i],
                    () -> {
                      FaultScheduleRun.Verdict verdict = verdictOf(runs.get(i));
                      synchronized (verdicts) {
                        verdicts.add(verdict);
                      }
                      if (!verdict.violations().isEmpty()) {
                        fail("invariants broken\n" + verdict.report());
                      }
                    }));
  }

  private static FaultScheduleRun.Verdict verdictOf(Future<FaultScheduleRun.Verdict> run)
      throws InterruptedException, ExecutionException {
    try {
      return run.get(FaultScheduleRun.GIVE_UP_AFTER.toSeconds() * 4, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("a fault schedule ran past every bound", e);
    }
  }

  /** The schedules' seeds: the one of -Dums.seed, else a batch from -Dums.baseSeed or the clock. */
  private static long[] seeds() {
    String one = System.getProperty("ums.seed");
    if (one != null && !one.isBlank()) {
      return new long[] {Long.parseLong(one.trim())};
    }
    String base = System.getProperty("ums.baseSeed");
    long baseSeed =
        base == null || base.isBlank() ? System.nanoTime() : Long.parseLong(base.trim());
    int count = Integer.getInteger("ums.schedules", DEFAULT_SCHEDULES);
    System.out.println(
        "random fault schedules: "
            + count
            + " from base seed "
            + baseSeed
            + " (rerun the batch with -Dums.baseSeed="
            + baseSeed
            + ")");
    SplittableRandom random = new SplittableRandom(baseSeed);
    return random.longs(count).toArray();
  }

  /** Every schedule logs activity failures by the dozen; keep only errors from Temporal. */
  private static void quietTemporalLogs() {
    Logger temporal = (Logger) LoggerFactory.getLogger("io.temporal");
    temporalLevel = temporal.getLevel();
    temporal.setLevel(Level.ERROR);
  }

  @AfterAll
  static void summarize() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    if (rig != null) {
      rig.close();
    }
    ((Logger) LoggerFactory.getLogger("io.temporal")).setLevel(temporalLevel);
    Map<Phase, Integer> outcomes = new EnumMap<>(Phase.class);
    int broken = 0;
    long slowest = 0;
    synchronized (verdicts) {
      for (FaultScheduleRun.Verdict v : verdicts) {
        if (v.outcome() != null) {
          outcomes.merge(v.outcome(), 1, Integer::sum);
        }
        broken += v.violations().isEmpty() ? 0 : 1;
        slowest = Math.max(slowest, v.millis());
      }
      System.out.println(
          "random fault schedules: "
              + verdicts.size()
              + " in "
              + (System.currentTimeMillis() - startedAt) / 1000
              + " s, "
              + broken
              + " broken, slowest "
              + slowest
              + " ms; outcomes "
              + outcomes);
    }
  }
}
