package org.umsrollout.starter;

import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** The command line users type: subcommand names and options, without a Temporal service. */
class CliOptionsTest {
  private static final ClientFactory NO_SERVICE =
      profile -> {
        throw new AssertionError("parsing must not connect");
      };
  private static final List<String> HELP = List.of("-h", "--help", "-V", "--version");
  private static final List<String> CONNECTION =
      List.of(
          "--address",
          "--namespace",
          "--profile",
          "--config-file",
          "--api-key",
          "--tls",
          "--tls-ca-path",
          "--tls-cert-path",
          "--tls-key-path",
          "--tls-server-name",
          "--tls-disable-host-verification");
  private static final List<String> OPERATOR = List.of("--by", "--comment", "--reason");

  private final CommandLine cli = UmsRolloutCli.commandLine(new UmsRolloutCli(NO_SERVICE));

  @Test
  void subcommandsKeepTheirNamesAndOrder() {
    assertThat(cli.getSubcommands().keySet())
        .containsExactly(
            "start",
            "plan",
            "status",
            "watch",
            "list",
            "approve",
            "reject",
            "pause",
            "resume",
            "abort",
            "retry-host",
            "skip-host",
            "recheck-clocks",
            "retry",
            "completion");
  }

  @Test
  void eachSubcommandHasTheOptionsItUses() {
    List<String> inventory = List.of("-h", "--help", "--inventory", "--version");
    List<String> overrides = List.of("--installer", "--sha256");

    assertThat(options("start")).isEqualTo(names(inventory, overrides, List.of("--by")));
    assertThat(options("plan")).isEqualTo(names(inventory, overrides));
    assertThat(options("status")).isEqualTo(site(List.of("--json")));
    assertThat(options("watch")).isEqualTo(site(List.of("--interval")));
    assertThat(options("approve"))
        .isEqualTo(site(OPERATOR, List.of("--gate", "--signal", "--wait")));
    assertThat(options("reject"))
        .isEqualTo(site(OPERATOR, List.of("--confirm", "--gate", "--signal", "--wait")));
    assertThat(options("pause")).isEqualTo(site(OPERATOR));
    assertThat(options("resume")).isEqualTo(site(OPERATOR));
    assertThat(options("abort")).isEqualTo(site(OPERATOR, List.of("--confirm", "--wait")));
    assertThat(options("retry-host")).isEqualTo(site(OPERATOR, List.of("--host", "--wait")));
    assertThat(options("skip-host"))
        .isEqualTo(site(OPERATOR, List.of("--host", "--confirm", "--wait")));
    assertThat(options("recheck-clocks")).isEqualTo(site(OPERATOR, List.of("--wait")));
    assertThat(options("retry")).isEqualTo(options("recheck-clocks"));
    assertThat(options("list"))
        .isEqualTo(
            names(
                HELP, List.of("--site", "--phase", "--target", "--running", "--limit", "--json")));
  }

  @Test
  void rejectCarriesItsConfirmationPastThePointOfNoReturn_S6() {
    GateCommand confirmed =
        (GateCommand)
            parse("reject", "--site", "site-a", "--gate", "end-update-mode", "--confirm")
                .userObject();
    GateCommand plain =
        (GateCommand) parse("reject", "--site", "site-a", "--gate", "end-update-mode").userObject();

    assertThat(confirmed.confirm.confirm).isTrue();
    assertThat(plain.confirm.confirm).isFalse();
  }

  @Test
  void waitTakesADurationAndDefaultsToTenSeconds() {
    HoldCommand recheck =
        (HoldCommand) parse("recheck-clocks", "--site", "site-a", "--wait", "1500ms").userObject();
    GateCommand approve =
        (GateCommand) parse("approve", "--site", "site-a", "--gate", "first-server").userObject();

    assertThat(recheck.wait.wait).isEqualTo(Duration.ofMillis(1500));
    assertThat(approve.wait.wait).isEqualTo(Duration.ofSeconds(10));
    assertThat(
            CliRun.execute(NO_SERVICE, "approve", "--site", "a", "--gate", "g", "--wait", "PT-1S"))
        .satisfies(
            run -> {
              assertThat(run.exitCode()).isEqualTo(ExitCodes.REFUSED);
              assertThat(run.err()).contains("--wait must not be negative");
            });
  }

  @Test
  void skipHostTakesConfirmAndTheOtherAnswersDoNot() {
    HoldCommand skip =
        (HoldCommand)
            parse("skip-host", "--site", "site-a", "--host", "ums-srv-2", "--confirm").userObject();

    assertThat(skip.reply().confirmed()).isTrue();
    assertThat(
            ((HoldCommand)
                    parse("skip-host", "--site", "site-a", "--host", "ums-srv-2").userObject())
                .reply()
                .confirmed())
        .isFalse();
    assertThat(
            ((HoldCommand)
                    parse("retry-host", "--site", "site-a", "--host", "ums-srv-2").userObject())
                .reply())
        .satisfies(
            reply -> {
              assertThat(reply.answer()).isEqualTo("retry");
              assertThat(reply.host()).isEqualTo("ums-srv-2");
              assertThat(reply.confirmed()).isNull();
            });
  }

  @Test
  void theExitCodesAreInTheHelpOfEveryCommand() {
    for (String command : cli.getSubcommands().keySet()) {
      assertThat(CliRun.execute(NO_SERVICE, command, "--help").out().replaceAll("\\s+", " "))
          .as(command)
          .contains("Exit codes: 0 done")
          .contains("2 bad input")
          .contains("3 Temporal unreachable or not answering")
          .contains("4 no orchestrator answered: an answer went as a signal");
    }
  }

  @Test
  void everyCommandsHelpPrintsItsUsageAndExitsZeroWithoutConnecting() {
    List<String> commands = new java.util.ArrayList<>(List.of(""));
    commands.addAll(cli.getSubcommands().keySet());
    for (String command : commands) {
      for (String help : List.of("--help", "-h")) {
        CliRun run =
            command.isEmpty()
                ? CliRun.execute(NO_SERVICE, help)
                : CliRun.execute(NO_SERVICE, command, help);

        assertThat(run.exitCode()).as(command + " " + help + ": " + run.err()).isZero();
        assertThat(run.out())
            .as(command + " " + help)
            .startsWith("Usage: umsrollout" + (command.isEmpty() ? "" : " " + command));
      }
    }
  }

  @Test
  void byDefaultsToTheOsUser() {
    GateCommand approve =
        (GateCommand) parse("approve", "--site", "site-a", "--gate", "first-server").userObject();
    StartCommand start = (StartCommand) parse("start", "--inventory", "x.yaml").userObject();

    assertThat(approve.operator.by).isEqualTo(System.getProperty("user.name")).isNotBlank();
    assertThat(start.by).isEqualTo(System.getProperty("user.name"));
  }

  @Test
  void completionPrintsABashScriptThatCompletesCommandsGateNamesAndPhases(@TempDir Path dir)
      throws Exception {
    CliRun completion = CliRun.execute(NO_SERVICE, "completion");
    assertThat(completion.exitCode()).as(completion.err()).isZero();
    Path script = Files.writeString(dir.resolve("umsrollout.bash"), completion.out());

    assertThat(complete(script, "umsrollout", "li")).isEqualTo("list");
    assertThat(complete(script, "umsrollout", "approve", "--gate", "fi")).isEqualTo("first-server");
    assertThat(complete(script, "umsrollout", "reject", "--gate", "")).isEqualTo(gateNames());
    assertThat(complete(script, "umsrollout", "list", "--phase", "UPDATING_S"))
        .isEqualTo("UPDATING_SERVERS");
    assertThat(CliRun.execute(NO_SERVICE, "approve", "--help").out().replaceAll("\\s+", " "))
        .contains("The gate: " + gateNames().replace(" ", ", "));
  }

  private static String gateNames() {
    return String.join(" ", new GateCommand.GateNames());
  }

  /** What bash offers, with the script sourced, for the last word of {@code words}. */
  private static String complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    String bash =
        "source '%s' 2>/dev/null; COMP_WORDS=(%s); COMP_CWORD=%d; COMP_LINE='%s';"
                .formatted(
                    script,
                    Arrays.stream(words).map(w -> "'" + w + "'").collect(joining(" ")),
                    words.length - 1,
                    line)
            + " COMP_POINT=${#COMP_LINE}; _complete_umsrollout 2>/dev/null; echo \"${COMPREPLY[*]}\"";
    Process process = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.strip();
  }

  @Test
  void planHelpListsOnlyWhatPlanUsesAndNotBy() {
    CliRun help = CliRun.execute(NO_SERVICE, "plan", "--help");

    assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(help.out())
        .contains("--inventory=FILE", "--version=X.Y.Z", "--installer=PATH", "--sha256=HEX")
        .doesNotContain("--by");
    assertThat(CliRun.execute(NO_SERVICE, "start", "--help").out()).contains("--by=<by>");
  }

  @Test
  void reasonIsTheCommentUnderItsOldName() {
    for (String[] command :
        List.of(
            new String[] {"approve", "--gate", "first-server"},
            new String[] {"reject", "--gate", "first-server"},
            new String[] {"pause"},
            new String[] {"resume"},
            new String[] {"abort"},
            new String[] {"retry-host", "--host", "ums-srv-1"},
            new String[] {"skip-host", "--host", "ums-srv-1"},
            new String[] {"recheck-clocks"},
            new String[] {"retry"})) {
      assertThat(comment(command, "--comment")).as(command[0]).isEqualTo("why");
      assertThat(comment(command, "--reason")).as(command[0]).isEqualTo("why");
    }
  }

  @Test
  void helpNamesTheCommentOnce() {
    CliRun help = CliRun.execute(NO_SERVICE, "pause", "--help");

    assertThat(help.out()).contains("--comment=<comment>").doesNotContain("--reason=");
  }

  private String comment(String[] command, String option) {
    String[] args =
        Stream.concat(Arrays.stream(command), Stream.of("--site", "site-a", option, "why"))
            .toArray(String[]::new);
    ParseResult parsed =
        UmsRolloutCli.commandLine(new UmsRolloutCli(NO_SERVICE)).parseArgs(args).subcommand();
    Object subcommand = parsed.commandSpec().userObject();
    if (subcommand instanceof GateCommand gate) {
      return gate.operator.comment;
    }
    if (subcommand instanceof HoldCommand hold) {
      return hold.operator.comment;
    }
    if (subcommand instanceof PauseCommand pause) {
      return pause.operator.comment;
    }
    if (subcommand instanceof ResumeCommand resume) {
      return resume.operator.comment;
    }
    return ((AbortCommand) subcommand).operator.comment;
  }

  private static CommandSpec parse(String... args) {
    return UmsRolloutCli.commandLine(new UmsRolloutCli(NO_SERVICE))
        .parseArgs(args)
        .subcommand()
        .commandSpec();
  }

  private Set<String> options(String subcommand) {
    return cli.getSubcommands().get(subcommand).getCommandSpec().options().stream()
        .flatMap(option -> Arrays.stream(option.names()))
        .collect(toCollection(TreeSet::new));
  }

  @SafeVarargs
  private static Set<String> site(List<String>... own) {
    return names(Stream.concat(Stream.of(HELP, List.of("--site")), Arrays.stream(own)));
  }

  @SafeVarargs
  private static Set<String> names(List<String>... own) {
    return names(Arrays.stream(own));
  }

  private static Set<String> names(Stream<List<String>> lists) {
    return Stream.concat(lists, Stream.of(CONNECTION))
        .flatMap(List::stream)
        .collect(toCollection(TreeSet::new));
  }
}
