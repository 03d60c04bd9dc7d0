package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the connection to Temporal, out and err. */
abstract class RolloutCommand implements Callable<Integer> {

  @ParentCommand UmsRolloutCli cli;

  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  WorkflowClient client() {
    return cli.client();
  }
}
