package org.umsrollout.starter;

import java.util.List;
import org.umsrollout.workflows.command.RolloutRequest;
import org.umsrollout.workflows.rollout.RolloutPlan;
import picocli.CommandLine.Command;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the steps a rollout of the inventory would take, its gates and its point of no",
      "return, without contacting Temporal or changing anything. Takes the options of start."
    })
final class PlanCommand extends StartCommand {

  @Override
  public Integer call() {
    RolloutRequest request = request(read());
    out()
        .printf(
            "Plan: rollout of site %s to %s (%d servers, %d load balancers, %d consoles)%n",
            request.inventory().site(),
            request.targetVersion(),
            request.inventory().servers().size(),
            request.inventory().loadBalancers().size(),
            request.inventory().consoles().size());
    List<String> steps = RolloutPlan.steps(request);
    for (int i = 0; i < steps.size(); i++) {
      out().printf("%3d. %s%n", i + 1, steps.get(i));
    }
    out()
        .printf(
            "Nothing was changed. Submit it with: umsrollout start --inventory %s%n", inventory);
    return ExitCodes.OK;
  }
}
