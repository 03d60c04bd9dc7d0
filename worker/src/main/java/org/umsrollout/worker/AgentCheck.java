package org.umsrollout.worker;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.umsrollout.activities.host.local.LocalHostCheck;
import org.umsrollout.activities.host.local.LocalHostConfig;
import org.umsrollout.activities.host.local.LocalHostConfigLoader;
import org.umsrollout.activities.host.local.LocalUmsHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agent check}: runs the read-only commands of a local host config on this host and prints
 * what each found, rule by rule; changes nothing and needs no Temporal. For a test installation
 * first (T1).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Runs every read-only command of a local host config on this host (version, mode,"
            + " datasource, services, clock, rights, installer checksum) and prints what it found,"
            + " rule by rule; changes nothing. Exit 0 only when every answer parses. Run it on a"
            + " test installation first (T1).")
final class AgentCheck implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "the host's YAML config (deploy/examples/local-host-*.yaml)")
  Path config;

  @Option(
      names = "--installer",
      paramLabel = "PATH",
      description = "the installer file to checksum (P1)")
  String installer;

  @Option(
      names = "--sha256",
      paramLabel = "HEX",
      description = "the installer's expected SHA-256, with --installer")
  String sha256;

  @Option(
      names = "--target",
      defaultValue = "{version}",
      paramLabel = "VERSION",
      description = "the version whose install command is shown (not run)")
  String target;

  @Override
  public Integer call() {
    LocalHostConfig hostConfig = LocalHostConfigLoader.load(config);
    LocalUmsHost host = new LocalUmsHost(hostConfig);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "agent check of "
            + hostConfig.name()
            + " ("
            + hostConfig.role()
            + ", "
            + hostConfig.platform()
            + ") from "
            + config
            + ": read-only, nothing is changed");
    List<LocalHostCheck.Item> items =
        new LocalHostCheck(host)
            .run(Optional.ofNullable(installer), Optional.ofNullable(sha256), target);
    items.forEach(out::println);
    long failed = items.stream().filter(i -> i.outcome() == LocalHostCheck.Outcome.FAIL).count();
    long warned = items.stream().filter(i -> i.outcome() == LocalHostCheck.Outcome.WARN).count();
    out.println(
        (failed == 0
                ? "every answer parsed"
                : failed + " answer" + (failed == 1 ? "" : "s") + " did not parse: fix the config")
            + (warned == 0 ? "" : "; " + warned + " warning" + (warned == 1 ? "" : "s"))
            + "; NOT_RUN lines show what a rollout would run");
    out.flush();
    return LocalHostCheck.passed(items) ? 0 : 1;
  }
}
