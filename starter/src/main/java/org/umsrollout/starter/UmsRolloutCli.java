package org.umsrollout.starter;

import io.temporal.client.WorkflowClient;
import io.temporal.envconfig.ClientConfigProfile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.client.TemporalOptions;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code umsrollout}: start, follow and steer rollouts of UMS HA networks. */
@Command(
    name = "umsrollout",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Rolls a new UMS version over an IGEL UMS HA network, one durable workflow a site.",
      "Reaches Temporal as the temporal CLI does: the profile of Temporal's client configuration"
          + " file, the TEMPORAL_* environment variables over it, the options over both."
    })
public final class UmsRolloutCli implements Callable<Integer> {

  @Mixin TemporalOptions temporal;

  @Spec CommandSpec spec;

  private final ClientFactory factory;
  private WorkflowClient client;
  private String address;

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
            .addSubcommand(new ListCommand())
            .addSubcommand(GateCommand.subcommand(GateCommand.Decision.APPROVE))
            .addSubcommand(GateCommand.subcommand(GateCommand.Decision.REJECT))
            .addSubcommand(new PauseCommand())
            .addSubcommand(new ResumeCommand())
            .addSubcommand(new AbortCommand())
            .addSubcommand(HoldCommand.subcommand(HoldCommand.Answer.RETRY_HOST))
            .addSubcommand(HoldCommand.subcommand(HoldCommand.Answer.SKIP_HOST))
            .addSubcommand(HoldCommand.subcommand(HoldCommand.Answer.RECHECK_CLOCKS))
            .addSubcommand(HoldCommand.subcommand(HoldCommand.Answer.RETRY))
            .addSubcommand("completion", completion());
    listExitCodes(commandLine);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          if (e instanceof CliException known) {
            cmd.getErr().println(known.getMessage());
            return known.exitCode();
          }
          if (Failures.isConnectionProblem(e)) {
            cmd.getErr().println(Failures.unreachable(cli.address(), e));
            return ExitCodes.UNREACHABLE;
          }
          cmd.getErr().println("error: " + Failures.rootMessage(e));
          return ExitCodes.FAILED;
        });
    return commandLine;
  }

  /** {@code completion}: picocli's bash and zsh completion script of this command line. */
  private static CommandLine completion() {
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion
        .getCommandSpec()
        .name("completion")
        .usageMessage()
        .description(
            "Prints the bash/zsh completion script of umsrollout: source <(umsrollout completion)");
    return completion;
  }

  /** Every command's help lists the exit codes, so that a script's author finds them anywhere. */
  private static void listExitCodes(CommandLine commandLine) {
    Map<String, String> codes = new LinkedHashMap<>();
    for (String line : ExitCodes.HELP) {
      int colon = line.indexOf(':');
      codes.put(line.substring(0, colon), line.substring(colon + 1));
    }
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(codes);
    commandLine
        .getSubcommands()
        .values()
        .forEach(
            sub ->
                sub.getCommandSpec()
                    .usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(codes));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.REFUSED;
  }

  /** A client to the service, opened on first use, so that input errors need no service. */
  WorkflowClient client() {
    if (client == null) {
      ClientConfigProfile profile;
      try {
        profile = temporal.profile();
      } catch (IllegalArgumentException e) {
        throw CliException.refused(e.getMessage());
      }
      address = profile.getAddress();
      client = factory.connect(profile);
    }
    return client;
  }

  /** The address the client was opened to, or the default one before. */
  String address() {
    return address == null ? TemporalConnection.DEFAULT_ADDRESS : address;
  }

  void close() {
    if (client != null) {
      factory.release(client);
      client = null;
    }
  }
}
