package org.umsrollout.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.umsrollout.worker.Workers;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.temporal.RolloutIds;

/**
 * Recovery, as {@code ProcessCrashTest.orchestratorKilledWhileServer2Installs} measures it: the
 * orchestrator runs as a process of its own (the worker's entry point, with the crash tests' JVM
 * flags) on the dev server; it is killed with SIGKILL while server 2 installs, and started again
 * once that install is done. The figure: from the restart to the next activity the rollout
 * schedules.
 */
final class RecoveryPart {
  private static final double TARGET_MS = 2000;
  private static final Duration STEP = Duration.ofSeconds(60);

  private RecoveryPart() {}

  static void run(Backend.DevServer server, ResultTable table) {
    String part = "recovery (dev server)";
    Path dir;
    try {
      dir = Files.createTempDirectory("ums-bench-recovery");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String url = "jdbc:h2:file:" + dir.resolve("lab").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    List<Process> started = new ArrayList<>();
    WorkerFactory agents = WorkerFactory.newInstance(server.client());
    try (Site site = new Site("bench-recovery", "rec-", 3, 1, 0, url, Duration.ofMillis(800))) {
      site.lab.installDuration("rec-srv-2", Duration.ofSeconds(4));
      Workers.labAgents(agents, site.lab);
      agents.start();
      started.add(orchestrator(server, dir, "orchestrator-1"));
      RolloutWorkflow rollout = site.start(server.client(), site.request(List.of(), 3));
      until(() -> site.lab.installing("rec-srv-2"));
      kill(started.get(0));
      until(() -> Site.TARGET.equals(site.lab.status("rec-srv-2").version()));

      long restartAt = System.currentTimeMillis();
      Process restarted = orchestrator(server, dir, "orchestrator-2");
      started.add(restarted);
      long readyMs = System.currentTimeMillis() - restartAt;
      HistoryEvent next = null;
      long deadline = System.currentTimeMillis() + STEP.toMillis();
      while (next == null && System.currentTimeMillis() < deadline) {
        next = firstActivitySince(server, site, restartAt).orElse(null);
        if (next == null) {
          Bench.pause(Duration.ofMillis(50));
        }
      }
      if (next == null) {
        throw new IllegalStateException("no activity within " + STEP + " of the restart");
      }
      long toNext = millis(next) - restartAt;
      Site.completed(rollout, Duration.ofMinutes(2));
      table.add(
          Figure.atMost(
              part,
              "kill -9 of the orchestrator: its restart to the next activity",
              toNext,
              TARGET_MS,
              "ms",
              "the new JVM's start ("
                  + readyMs
                  + " ms to polling), then its first workflow task, cold ("
                  + (toNext - readyMs)
                  + " ms: class loading and the replay of the history)"));
      table.add(
          Figure.info(
              part,
              "restarted JVM polling after, next activity",
              String.format(
                  Locale.ROOT,
                  "%d ms, %s",
                  readyMs,
                  next.getActivityTaskScheduledEventAttributes().getActivityType().getName())));
    } finally {
      started.forEach(RecoveryPart::kill);
      agents.shutdownNow();
      agents.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The worker's orchestrator entry point in a JVM of its own, once it polls. */
  private static Process orchestrator(Backend.DevServer server, Path dir, String name) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve(name + ".log");
    List<String> command =
        List.of(
            java,
            "-Xmx192m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "org.umsrollout.worker.Main",
            "orchestrator",
            "--address",
            server.address,
            "--backup-dir",
            dir.resolve("backups").toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the orchestrator", e);
    }
    until(
        () -> {
          try {
            if (!process.isAlive()) {
              throw new IllegalStateException(name + " died: " + Files.readString(log));
            }
            return Files.readString(log).contains("orchestrator polling");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return process;
  }

  /** SIGKILL: no shutdown hook, no goodbye to Temporal. */
  private static void kill(Process process) {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void until(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + STEP.toMillis();
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("not within " + STEP);
      }
      Bench.pause(Duration.ofMillis(20));
    }
  }

  private static Optional<HistoryEvent> firstActivitySince(
      Backend.DevServer server, Site site, long sinceMillis) {
    return server.client().fetchHistory(RolloutIds.workflowId(site.name())).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> millis(e) >= sinceMillis)
        .findFirst();
  }

  private static long millis(HistoryEvent event) {
    return event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
  }
}
