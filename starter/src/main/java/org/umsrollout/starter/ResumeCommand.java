package org.umsrollout.starter;

import org.umsrollout.workflows.messages.OperatorRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Lets a paused rollout go on.")
final class ResumeCommand extends SiteCommand {

  @Mixin OperatorOptions operator;

  @Override
  public Integer call() {
    onRollout(() -> rollout().resume(new OperatorRequest(operator.by, operator.comment)));
    out().printf("resume sent to %s%n", rolloutId());
    return ExitCodes.OK;
  }
}
