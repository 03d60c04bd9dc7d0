package org.umsrollout.starter;

import java.util.List;
import org.umsrollout.workflows.messages.RolloutRequest;
import org.umsrollout.workflows.rollout.RolloutPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "plan",
    sortSynopsis = false,
    description = {
      "Prints the steps a rollout of the inventory would take, its gates and its point of no"
          + " return.",
      "Needs no Temporal service and changes nothing; takes the options of start that describe"
          + " the rollout."
    })
final class PlanCommand extends RolloutCommand {

  @Mixin InventoryOptions file;

  @Override
  public Integer call() {
    // Nobody submits a plan; the steps do not depend on who would.
    RolloutRequest request = file.request(null);
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
            "Nothing was changed. Submit it with: umsrollout start --inventory %s%n",
            file.inventory);
    return ExitCodes.OK;
  }
}
