package org.umsrollout.starter;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.workflows.status.BackupRecord;
import org.umsrollout.workflows.status.Finding;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.status.TimelineEntry;

/** The status of a rollout as an operator reads it in a terminal. */
final class StatusView {
  static final int TIMELINE_LINES = 10;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private StatusView() {}

  static String render(RolloutStatus s) {
    String nl = System.lineSeparator();
    StringBuilder sb = new StringBuilder();
    sb.append("Rollout ")
        .append(s.rolloutId())
        .append(" of site ")
        .append(s.site())
        .append(" to ")
        .append(s.targetVersion())
        .append(nl);
    line(sb, "Phase", s.phase().name());
    line(sb, "Waiting for", s.waitingFor() == null ? "-" : s.waitingFor());
    if (s.heldAt() != null) {
      line(
          sb,
          "Held at",
          s.heldAt()
              + (s.heldAt().equals("clocks")
                  ? ": umsrollout recheck-clocks, or abort"
                  : ": umsrollout retry-host / skip-host --host " + s.heldAt() + ", or abort"));
    }
    line(sb, "Paused", s.paused() ? "yes, by " + s.pausedBy() : "no");
    line(sb, "Progress", progress(s));
    line(sb, "On local DB copy", list(s.serversOnLocalCopy()));
    line(
        sb,
        "Change freeze",
        s.freezeSinceMillis() == null
            ? "none"
            : "since "
                + time(s.freezeSinceMillis())
                + ": changes made now are lost (S2)"
                + (s.freezeAlert() ? "; ALERT: longer than the policy allows" : ""));
    line(
        sb,
        "Point of no return",
        s.pointOfNoReturnPassed()
            ? "passed: only going on makes the network whole again (S6)"
            : "not passed");
    line(sb, "Productive schema", s.productiveSchema() == null ? "-" : s.productiveSchema());
    line(sb, "Backup", backup(s.backup()));
    if (!s.orphans().isEmpty()) {
      line(sb, "Orphans", list(s.orphans()));
    }

    sb.append(nl).append("Hosts").append(nl);
    TextTable hosts =
        new TextTable(
            "HOST", "ROLE", "STATE", "VERSION", "MODE", "DATASOURCE", "RUNNING", "DETAIL");
    for (HostView h : s.hosts()) {
      hosts.row(
          h.host(),
          h.role(),
          h.state(),
          h.version(),
          h.mode(),
          h.datasource(),
          h.running() == null ? null : h.running() ? "yes" : "NO",
          h.detail());
    }
    sb.append(hosts.render("  "));

    sb.append(nl).append("Gates").append(nl);
    TextTable gates = new TextTable("GATE", "STATE", "APPROVAL", "DECIDED BY", "COMMENT");
    for (GateView g : s.gates()) {
      gates.row(
          g.gate(),
          g.state(),
          g.needsApproval() ? "operator" : "policy",
          g.decidedBy(),
          g.comment());
    }
    sb.append(gates.render("  "));

    sb.append(nl).append("Findings");
    if (s.findings().isEmpty()) {
      sb.append(": none").append(nl);
    } else {
      sb.append(nl);
      for (Finding f : s.findings()) {
        sb.append("  ")
            .append(f.severity())
            .append(' ')
            .append(f.rule() == null ? "" : f.rule() + " ")
            .append(f.host() == null ? "" : f.host() + ": ")
            .append(f.message())
            .append(nl);
      }
    }

    List<TimelineEntry> timeline = s.timeline();
    int from = Math.max(0, timeline.size() - TIMELINE_LINES);
    sb.append(nl)
        .append("Timeline (last ")
        .append(timeline.size() - from)
        .append(" of ")
        .append(timeline.size())
        .append(')')
        .append(nl);
    for (TimelineEntry e : timeline.subList(from, timeline.size())) {
      sb.append("  ").append(timelineLine(e)).append(nl);
    }
    return sb.toString();
  }

  /** What Temporal's visibility records of a rollout, when no orchestrator answers for it. */
  static String renderVisibility(RolloutView v) {
    StringBuilder sb = new StringBuilder();
    line(sb, "Rollout", v.rolloutId() + " (run " + v.runId() + ")");
    line(sb, "Workflow", v.workflowStatus());
    line(sb, "Phase", v.phase() == null ? "-" : v.phase());
    line(sb, "Target version", v.targetVersion() == null ? "-" : v.targetVersion());
    line(
        sb,
        "On local DB copy",
        v.serversOnLocalCopy().isEmpty()
            ? "none recorded"
            : list(v.serversOnLocalCopy()) + " (or being installed onto one)");
    line(sb, "Started", v.startedAt() == null ? "-" : v.startedAt());
    if (v.closedAt() != null) {
      line(sb, "Ended", v.closedAt());
    }
    return sb.toString();
  }

  static String progress(RolloutStatus s) {
    return s.progress() != null
        ? s.progress()
        : s.serversUpdated() + " of " + s.serversTotal() + " servers updated";
  }

  static String timelineLine(TimelineEntry e) {
    return time(e.atMillis()) + "  " + e.phase() + "  " + e.message();
  }

  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  private static void line(StringBuilder sb, String label, String value) {
    sb.append("  ")
        .append(label)
        .append(':')
        .append(" ".repeat(Math.max(1, 21 - label.length())))
        .append(value)
        .append(System.lineSeparator());
  }

  private static String list(List<String> items) {
    return items == null || items.isEmpty() ? "none" : String.join(", ", items);
  }

  private static String backup(BackupRecord b) {
    if (b == null) {
      return "not taken yet";
    }
    return b.location() + " (" + (b.verified() ? "verified" : "NOT verified") + ")";
  }
}
