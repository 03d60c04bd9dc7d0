package org.umsrollout.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The bare floor: the activities a rollout called, with the same inputs, on the same task queues,
 * in the same steps (calls the rollout scheduled together run together), and nothing else: no
 * gates, queries, search attributes, timers or state.
 */
@WorkflowInterface
public interface BareChainWorkflow {

  @WorkflowMethod(name = "BenchBareChain")
  int run(Chain chain);

  /** The steps, in order; the calls of one step run in parallel. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Chain(List<List<Call>> steps) {
    public int calls() {
      return steps.stream().mapToInt(List::size).sum();
    }
  }

  /** One activity call as the rollout made it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Call(
      String type,
      String taskQueue,
      List<JsonNode> args,
      long startToCloseMillis,
      long heartbeatMillis) {}
}
