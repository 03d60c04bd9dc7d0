package org.umsrollout.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.umsrollout.activities.lab.Lab.LabEvent;
import org.umsrollout.workflows.model.Policy;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.RolloutResult;

/**
 * Change freeze (S2): from the first server's installer start to the schema renewal, against the
 * sum of the three server installs, as the lab's own event log times them. The default gates wait
 * and are approved at once; those decided inside the window are shown apart.
 */
final class FreezePart {
  private static final double TARGET = 1.02;

  private FreezePart() {}

  static void run(Backend server, Options options, ResultTable table) {
    String part = "freeze S2 (" + server.name() + ")";
    Duration install = Duration.ofSeconds(options.freezeInstallSeconds);
    try (Site site = Site.inMemory("bench-freeze", "frz-", 3, 2, 1, Duration.ofMillis(600));
        Workbench bench = new Workbench(server, false).agents(site).start()) {
      List<String> servers = site.inventory.servers().stream().map(s -> s.host()).toList();
      servers.forEach(s -> site.lab.installDuration(s, install));
      RolloutWorkflow rollout =
          site.start(bench.client, site.request(Policy.DEFAULT_APPROVALS, 10));
      List<Long> waits = Site.autoApprove(rollout, Duration.ofMillis(50));
      RolloutResult result = Site.completed(rollout, Duration.ofMinutes(3));
      List<LabEvent> log = site.lab.eventLog();

      long first = at(log, servers.get(0) + ": installer of " + Site.TARGET + " started");
      long renewed = at(log, "renewed the productive schema");
      long installs = 0;
      for (String s : servers) {
        long end =
            log.stream()
                .filter(e -> e.line().startsWith(s + ": ") && e.line().endsWith(" servers updated"))
                .mapToLong(LabEvent::atMillis)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no end of the install on " + s));
        installs += end - at(log, s + ": installer of " + Site.TARGET + " started");
      }
      long window = renewed - first;
      long gaps = window - installs;
      table.add(
          Figure.atMost(
              part,
              "freeze window / sum of the server installs (" + install.toSeconds() + " s each)",
              (double) window / installs,
              TARGET,
              "x",
              "the time between one server's install and the next"));
      long inWindow =
          result.status().gates().stream()
              .map(GateView::decidedAtMillis)
              .filter(t -> t != null && t > first && t < renewed)
              .count();
      table.add(
          Figure.info(
              part,
              "window, installs, between installs, operator waits",
              String.format(
                  Locale.ROOT,
                  "%d ms, %d ms, %d ms per gap (%d gaps); %d gates decided in the window,"
                      + " %d outside (auto-approve, %d ms)",
                  window,
                  installs,
                  gaps / Math.max(1, servers.size() - 1),
                  servers.size() - 1,
                  inWindow,
                  waits.size() - inWindow,
                  waits.stream().mapToLong(Long::longValue).sum())));
    }
  }

  /** When the first lab event containing {@code text} happened. */
  private static long at(List<LabEvent> log, String text) {
    return log.stream()
        .filter(e -> e.line().contains(text))
        .mapToLong(LabEvent::atMillis)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no lab event '" + text + "' in " + log));
  }
}
