package org.umsrollout.starter;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.client.rollouts.Rollouts;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.temporal.DataConverters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists rollouts, newest first, as Temporal's visibility records them (needs no"
          + " orchestrator): site, phase, target version, outcome, servers on a local database"
          + " copy.",
      "Filters by the search attributes UmsSite, UmsPhase and UmsTargetVersion."
    })
final class ListCommand extends RolloutCommand {

  /** The phases' names, offered by shell completion. */
  static final class PhaseNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Phase.values()).map(Phase::name).iterator();
    }
  }

  @Option(names = "--site", description = "Only the rollouts of this site.")
  String site;

  @Option(
      names = "--phase",
      completionCandidates = PhaseNames.class,
      description = "Only rollouts in this phase: ${COMPLETION-CANDIDATES}.")
  String phase;

  @Option(names = "--target", description = "Only rollouts to this target version.")
  String target;

  @Option(names = "--running", description = "Only rollouts that still run.")
  boolean running;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "At most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print a JSON array of RolloutView (see status --json).")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    if (limit < 1) {
      throw CliException.refused("--limit must be at least 1: " + limit);
    }
    Rollouts.Filter filter;
    try {
      filter = new Rollouts.Filter(site, phase(), target, running);
    } catch (IllegalArgumentException e) {
      throw CliException.refused(e.getMessage());
    }
    List<RolloutView> rollouts = Rollouts.list(client(), filter, limit);
    if (json) {
      out()
          .println(
              DataConverters.objectMapper()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(rollouts));
    } else if (rollouts.isEmpty()) {
      out().println("no rollouts match");
    } else {
      TextTable table =
          new TextTable("SITE", "PHASE", "TARGET", "OUTCOME", "STARTED", "ENDED", "ON LOCAL COPY");
      for (RolloutView r : rollouts) {
        table.row(
            r.site(),
            r.phase(),
            r.targetVersion(),
            r.outcome(),
            r.startedAt(),
            r.closedAt(),
            r.serversOnLocalCopy().isEmpty() ? null : String.join(",", r.serversOnLocalCopy()));
      }
      out().print(table.render(""));
    }
    out().flush();
    return ExitCodes.OK;
  }

  private String phase() {
    if (phase == null) {
      return null;
    }
    String name = phase.toUpperCase(Locale.ROOT).replace('-', '_');
    if (Arrays.stream(Phase.values()).noneMatch(p -> p.name().equals(name))) {
      throw CliException.refused(
          "no phase " + phase + "; the phases: " + String.join(", ", new PhaseNames()));
    }
    return name;
  }
}
