package org.umsrollout.worker.http;

import static org.umsrollout.worker.http.Html.escape;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.client.rollouts.Rollouts;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.HostView;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.status.TimelineEntry;

/** The dashboard's server-rendered pages: the rollout list and one rollout. */
final class Pages {
  /** Pages reload themselves this often, except while a gate waits for a decision. */
  static final int REFRESH_SECONDS = 5;

  private Pages() {}

  static String list(List<RolloutView> rollouts, Rollouts.Filter filter, String operator) {
    StringBuilder body = new StringBuilder("<h1>Rollouts</h1>");
    body.append("<form method=\"get\" action=\"/\">")
        .append(field("site", filter.site()))
        .append(field("phase", filter.phase()))
        .append(field("target", filter.targetVersion()))
        .append("<button type=\"submit\">Filter</button></form>");
    body.append("<table id=\"rollouts\"><tr><th>Site</th><th>Phase</th><th>Target</th>")
        .append("<th>Outcome</th><th>On a local copy</th><th>Started</th><th>Closed</th></tr>");
    for (RolloutView view : rollouts) {
      body.append("<tr><td><a class=\"rollout\" href=\"")
          .append(escape(rolloutPath(view.site())))
          .append("\">")
          .append(escape(view.site()))
          .append("</a></td><td>")
          .append(escape(view.phase()))
          .append("</td><td>")
          .append(escape(view.targetVersion()))
          .append("</td><td>")
          .append(escape(view.outcome()))
          .append("</td><td>")
          .append(escape(String.join(", ", view.serversOnLocalCopy())))
          .append("</td><td>")
          .append(escape(view.startedAt()))
          .append("</td><td>")
          .append(escape(view.closedAt()))
          .append("</td></tr>");
    }
    body.append("</table>");
    if (rollouts.isEmpty()) {
      body.append("<p>No rollout matches.</p>");
    }
    body.append("<p><a href=\"/api/rollouts\">as JSON</a></p>");
    return Html.page("Rollouts", operator, REFRESH_SECONDS, body.toString());
  }

  static String rolloutPath(String site) {
    return "/rollouts/" + URLEncoder.encode(site, StandardCharsets.UTF_8);
  }

  private static String field(String name, String value) {
    return "<label>"
        + name
        + " <input name=\""
        + name
        + "\" value=\""
        + escape(value)
        + "\" size=\"12\"></label> ";
  }

  static String rollout(RolloutView view, String operator, String notice, long nowMillis) {
    RolloutStatus status = view.status();
    StringBuilder body = new StringBuilder("<p><a href=\"/\">&larr; all rollouts</a></p>");
    body.append("<h1>Rollout of ")
        .append(escape(view.site()))
        .append(" to ")
        .append(escape(view.targetVersion()))
        .append("</h1>");
    body.append("<p>Phase <b id=\"phase\">")
        .append(escape(view.phase()))
        .append("</b>, outcome <b id=\"outcome\">")
        .append(escape(view.outcome()))
        .append("</b>")
        .append(status == null ? "" : ", " + escape(status.progress()))
        .append(". Started ")
        .append(escape(view.startedAt()))
        .append(view.closedAt() == null ? "" : ", closed " + escape(view.closedAt()))
        .append(".</p>");
    if (notice != null) {
      body.append("<p class=\"banner held\" id=\"notice\">").append(escape(notice)).append("</p>");
    }
    if (status == null) {
      body.append("<p class=\"banner held\">No orchestrator answered: this is what Temporal")
          .append(" records. Servers on a local copy: ")
          .append(escape(String.join(", ", view.serversOnLocalCopy())))
          .append("</p>");
      return Html.page(view.site(), operator, REFRESH_SECONDS, body.toString());
    }
    banners(body, status, nowMillis);
    boolean acting = actions(body, view, status, operator);
    hosts(body, status);
    boolean open = gates(body, view.site(), status, operator);
    timeline(body, status);
    body.append("<p><a href=\"/api/rollouts/")
        .append(escape(URLEncoder.encode(view.site(), StandardCharsets.UTF_8)))
        .append("\">as JSON</a></p>");
    // A reload would throw away a reason being typed: no refresh while a gate is open.
    int refresh = (open || acting) && operator != null ? 0 : REFRESH_SECONDS;
    return Html.page(view.site(), operator, refresh, body.toString());
  }

  private static void banners(StringBuilder body, RolloutStatus status, long nowMillis) {
    if (status.freezeSinceMillis() != null) {
      Duration length = Duration.ofMillis(Math.max(0, nowMillis - status.freezeSinceMillis()));
      body.append("<p class=\"banner freeze")
          .append(status.freezeAlert() ? " alert" : "")
          .append("\" id=\"freeze\">Change freeze for ")
          .append(escape(describe(length)))
          .append(" (since ")
          .append(Instant.ofEpochMilli(status.freezeSinceMillis()))
          .append("): changes made in the UMS now are lost.")
          .append(status.freezeAlert() ? " It lasts longer than the policy allows." : "")
          .append("</p>");
    }
    if (status.pointOfNoReturnPassed()) {
      body.append("<p class=\"banner ponr\" id=\"ponr\">Past the point of no return: a server")
          .append(" is installed; going back means restoring the backup.</p>");
    }
    if (status.heldAt() != null) {
      body.append("<p class=\"banner held\" id=\"held\">Held at ")
          .append(escape(status.heldAt()))
          .append(": waiting for an operator to retry, skip or abort.</p>");
    } else if (status.waitingFor() != null) {
      body.append("<p>Waiting for: ").append(escape(status.waitingFor())).append("</p>");
    }
  }

  /**
   * For a signed-in operator of a running rollout: a hold's answers (retry, and skip when it holds
   * at a host) and abort, with a reason and a confirmation past the point of no return. Whether the
   * rollout holds (a reload would throw away a reason being typed).
   */
  private static boolean actions(
      StringBuilder body, RolloutView view, RolloutStatus status, String operator) {
    if (operator == null || status.phase().isFinal()) {
      return false;
    }
    boolean held = status.heldAt() != null;
    boolean atHost =
        held && status.hosts().stream().anyMatch(h -> h.host().equals(status.heldAt()));
    body.append("<form method=\"post\" id=\"actions\" action=\"")
        .append(escape(rolloutPath(view.site())))
        .append("/act\"><input name=\"reason\" placeholder=\"reason\" size=\"24\"> ");
    if (atHost) {
      body.append("<input type=\"hidden\" name=\"host\" value=\"")
          .append(escape(status.heldAt()))
          .append("\">");
    }
    if (held) {
      body.append("<button type=\"submit\" name=\"action\" value=\"retry\" class=\"retry\">")
          .append("Retry</button> ");
    }
    if (atHost) {
      body.append("<button type=\"submit\" name=\"action\" value=\"skip\" class=\"skip\">")
          .append("Skip ")
          .append(escape(status.heldAt()))
          .append("</button> ");
    }
    body.append("<button type=\"submit\" name=\"action\" value=\"abort\" class=\"abort\">")
        .append("Abort</button>");
    if (status.pointOfNoReturnPassed()) {
      body.append(" <label><input type=\"checkbox\" name=\"confirmed\" value=\"yes\">")
          .append(" confirm (past the point of no return: a skipped server leaves the network,")
          .append(" an abort leaves servers on a local copy)</label>");
    }
    body.append("</form>");
    return held;
  }

  static String describe(Duration length) {
    long minutes = length.toMinutes();
    return minutes >= 60
        ? minutes / 60 + " h " + minutes % 60 + " min"
        : minutes > 0
            ? minutes + " min " + length.toSecondsPart() + " s"
            : length.toSeconds() + " s";
  }

  private static void hosts(StringBuilder body, RolloutStatus status) {
    body.append("<h2>Hosts</h2><div class=\"hosts\" id=\"hosts\">");
    for (HostView host : status.hosts()) {
      body.append("<div class=\"host")
          .append(host.onLocalCopy() ? " local-copy" : "")
          .append("\"><div class=\"name\">")
          .append(escape(host.host()))
          .append("</div><div>")
          .append(escape(host.role()))
          .append("</div><div class=\"state-")
          .append(escape(host.state()))
          .append("\">")
          .append(escape(host.state()))
          .append(" ")
          .append(escape(host.version()))
          .append("</div>");
      if (host.mode() != null) {
        body.append("<div>").append(escape(host.mode())).append("</div>");
      }
      if (host.onLocalCopy()) {
        body.append("<div><b>on a local copy</b></div>");
      }
      if (host.detail() != null) {
        body.append("<div><small>").append(escape(host.detail())).append("</small></div>");
      }
      body.append("</div>");
    }
    body.append("</div>");
  }

  /** The gates; an open one with approve and reject forms. Whether one is open. */
  private static boolean gates(
      StringBuilder body, String site, RolloutStatus status, String operator) {
    boolean open = false;
    body.append("<h2>Gates</h2><table id=\"gates\"><tr><th>Gate</th><th>State</th>")
        .append("<th>Decided by</th><th>Reason</th><th></th></tr>");
    for (GateView gate : status.gates()) {
      body.append("<tr class=\"gate-")
          .append(gate.state())
          .append("\" id=\"gate-")
          .append(escape(gate.gate()))
          .append("\"><td title=\"")
          .append(escape(gate.description()))
          .append("\">")
          .append(escape(gate.gate()))
          .append("</td><td class=\"state\">")
          .append(gate.state())
          .append("</td><td>")
          .append(escape(gate.decidedBy()))
          .append("</td><td>")
          .append(escape(gate.comment()))
          .append("</td><td>");
      if (gate.state() == GateState.OPEN) {
        open = true;
        if (operator != null) {
          String action =
              rolloutPath(site)
                  + "/gates/"
                  + URLEncoder.encode(gate.gate(), StandardCharsets.UTF_8);
          body.append("<form class=\"inline\" method=\"post\" action=\"")
              .append(escape(action))
              .append("/decide\"><input name=\"reason\" placeholder=\"reason\" size=\"24\"> ")
              .append("<button type=\"submit\" name=\"decision\" value=\"approve\"")
              .append(" class=\"approve\">Approve</button> ")
              .append("<button type=\"submit\" name=\"decision\" value=\"reject\"")
              .append(" class=\"reject\">Reject</button>");
          if (status.pointOfNoReturnPassed()) {
            // Past the point a rejection is carried out (end-update-mode: the servers that did
            // not reconnect are taken out of the network) only when confirmed (S6).
            body.append(" <label><input type=\"checkbox\" name=\"confirmed\" value=\"yes\">")
                .append(" confirm</label>");
          }
          body.append("</form>");
        } else {
          body.append("sign in to decide");
        }
      }
      body.append("</td></tr>");
    }
    body.append("</table>");
    return open;
  }

  private static void timeline(StringBuilder body, RolloutStatus status) {
    body.append("<h2>Timeline</h2><table id=\"timeline\"><tr><th>When</th><th>Phase</th>")
        .append("<th>What</th></tr>");
    List<TimelineEntry> entries = status.timeline();
    for (int i = entries.size() - 1; i >= 0; i--) {
      TimelineEntry entry = entries.get(i);
      body.append("<tr><td>")
          .append(Instant.ofEpochMilli(entry.atMillis()))
          .append("</td><td>")
          .append(escape(entry.phase()))
          .append("</td><td>")
          .append(escape(entry.message()))
          .append("</td></tr>");
    }
    body.append("</table>");
  }
}
