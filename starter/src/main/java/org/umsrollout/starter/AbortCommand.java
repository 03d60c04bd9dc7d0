package org.umsrollout.starter;

import org.umsrollout.workflows.command.AbortRequest;
import org.umsrollout.workflows.status.RolloutStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description = {
      "Stops a rollout before its next step.",
      "Past the point of no return (the first server installed, S6) an abort needs --confirm:"
          + " it leaves servers on a local database copy, and the network is whole again only"
          + " when every server is updated, or when the backup is restored into a separate HA"
          + " network."
    })
final class AbortCommand extends SiteCommand {

  @Mixin OperatorOptions operator;

  @Option(names = "--confirm", description = "Abort even past the point of no return (S6).")
  boolean confirm;

  @Override
  public Integer call() {
    RolloutStatus status = status();
    if (status.phase().isFinal()) {
      throw CliException.failed(
          "the rollout of site " + site + " has already ended (" + status.phase() + ")");
    }
    if (status.pointOfNoReturnPassed() && !confirm) {
      throw CliException.refused(
          "the rollout of site "
              + site
              + " is past the point of no return (S6): aborting now leaves "
              + (status.serversOnLocalCopy().isEmpty()
                  ? "the network half updated"
                  : String.join(", ", status.serversOnLocalCopy()) + " on a local database copy")
              + ". Add --confirm to abort anyway.");
    }
    onRollout(() -> rollout().abort(new AbortRequest(operator.by, operator.comment, confirm)));
    out()
        .printf(
            "abort sent to %s: it stops before its next step; see: umsrollout status --site %s%n",
            rolloutId(), site);
    return ExitCodes.OK;
  }
}
