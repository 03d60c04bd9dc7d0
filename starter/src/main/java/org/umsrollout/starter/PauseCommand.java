package org.umsrollout.starter;

import org.umsrollout.workflows.messages.OperatorRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Holds a rollout before its next step; an install under way finishes first.")
final class PauseCommand extends SiteCommand {

  @Mixin OperatorOptions operator;

  @Override
  public Integer call() {
    onRollout(() -> rollout().pause(new OperatorRequest(operator.by, operator.comment)));
    out()
        .printf(
            "pause sent to %s: it holds before its next step; resume with: umsrollout resume"
                + " --site %s%n",
            rolloutId(), site);
    return ExitCodes.OK;
  }
}
