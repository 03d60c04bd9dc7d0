package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code umsrollout}: start, follow and steer rollouts of UMS HA networks. */
@Command(
    name = "umsrollout",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Rolls a new UMS version over an IGEL UMS HA network, one durable workflow a site.",
    footer = {
      "",
      "Exit codes: 0 done, 1 failed (or the rollout did not complete), 2 usage error or refused"
          + " input, 3 no orchestrator answered in time and the answer was sent as a signal,"
          + " which the rollout checks when it runs again (see umsrollout status)."
    })
public final class UmsRolloutCli implements Callable<Integer> {

  @Option(
      names = "--address",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:UMSROLLOUT_ADDRESS:-localhost:7233}",
      description =
          "Temporal frontend host:port (default: ${DEFAULT-VALUE}; env UMSROLLOUT_ADDRESS).")
  String address;

  @Option(
      names = "--namespace",
      scope = ScopeType.INHERIT,
      defaultValue = "default",
      description = "Temporal namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Spec CommandSpec spec;

  private final ClientFactory factory;
  private WorkflowClient client;

  public UmsRolloutCli() {
    this(new TemporalClientFactory());
  }

  public UmsRolloutCli(ClientFactory factory) {
    this.factory = factory;
  }

  public static void main(String[] args) {
    UmsRolloutCli cli = new UmsRolloutCli();
    int code;
    try {
      code = commandLine(cli).execute(args);
    } finally {
      cli.close();
    }
    System.exit(code);
  }

  /** The command line with this project's error handling; tests set its out and err. */
  public static CommandLine commandLine(UmsRolloutCli cli) {
    // Verbs that differ in one word share one class, so these are added here, not annotated.
    CommandLine commandLine =
        new CommandLine(cli)
            .addSubcommand(new StartCommand())
            .addSubcommand(new PlanCommand())
            .addSubcommand(new StatusCommand())
            .addSubcommand(new WatchCommand())
            .addSubcommand(GateCommand.subcommand(GateCommand.Decision.APPROVE))
            .addSubcommand(GateCommand.subcommand(GateCommand.Decision.REJECT))
            .addSubcommand(new PauseCommand())
            .addSubcommand(new ResumeCommand())
            .addSubcommand(new AbortCommand())
            .addSubcommand(HoldCommand.subcommand(HoldCommand.Answer.RETRY_HOST))
            .addSubcommand(HoldCommand.subcommand(HoldCommand.Answer.SKIP_HOST))
            .addSubcommand(HoldCommand.subcommand(HoldCommand.Answer.RECHECK_CLOCKS))
            .addSubcommand(HoldCommand.subcommand(HoldCommand.Answer.RETRY));
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          if (e instanceof CliException known) {
            cmd.getErr().println(known.getMessage());
            return known.exitCode();
          }
          if (Failures.isConnectionProblem(e)) {
            cmd.getErr().println(Failures.unreachable(cli.address, e));
            return ExitCodes.FAILED;
          }
          cmd.getErr().println("error: " + Failures.rootMessage(e));
          return ExitCodes.FAILED;
        });
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.REFUSED;
  }

  /** A client to the service, opened on first use, so that input errors need no service. */
  WorkflowClient client() {
    if (client == null) {
      client = factory.connect(address, namespace);
    }
    return client;
  }

  String address() {
    return address;
  }

  void close() {
    if (client != null) {
      factory.release(client);
      client = null;
    }
  }
}
