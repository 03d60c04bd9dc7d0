package org.umsrollout.activities.host.local;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.umsrollout.workflows.ports.ServiceState;

/**
 * {@code agent check}: runs every read-only command of a host config on the host and says, rule by
 * rule, what it found; it changes nothing. The commands that would change the host (installer, end
 * of update mode, S4, take-out) are shown as they would run, not run. For a test installation first
 * (T1), since the vendor publishes neither the installer's answers nor umsadmin-cli's arguments.
 */
public final class LocalHostCheck {

  /** How an item went: only FAIL (a command that cannot run, output that does not parse) fails. */
  public enum Outcome {
    OK,
    WARN,
    FAIL,
    NOT_RUN
  }

  /** One finding: the rule it serves, what was asked, and what the host answered. */
  public record Item(Outcome outcome, String rule, String what, String found) {
    @Override
    public String toString() {
      return String.format("%-7s %-3s %-22s %s", outcome, rule, what, found);
    }
  }

  private static final String NO_VERSION = "no UMS installed";

  private final LocalUmsHost host;
  private final String runningOs;

  public LocalHostCheck(LocalUmsHost host) {
    this(host, System.getProperty("os.name"));
  }

  LocalHostCheck(LocalUmsHost host, String runningOs) {
    this.host = host;
    this.runningOs = runningOs;
  }

  /**
   * Checks the host; with {@code installerPath}, also the installer's checksum against {@code
   * sha256} where given (P1), and shows the install command for {@code version}.
   */
  public List<Item> run(Optional<String> installerPath, Optional<String> sha256, String version) {
    LocalHostConfig config = host.config();
    LocalStatus status = host.statusReader();
    List<Item> items = new ArrayList<>();
    boolean windowsHost = runningOs.startsWith("Windows");
    boolean windowsConfig = config.platform() == LocalHostConfig.Platform.WINDOWS;
    items.add(
        new Item(
            windowsHost == windowsConfig ? Outcome.OK : Outcome.WARN,
            "N2",
            "platform",
            config.platform() + " config on " + runningOs));
    Item installed = read("N2", "version", config.versionCommand(), () -> show(status.version()));
    items.add(
        installed.outcome() == Outcome.OK && installed.found().startsWith(NO_VERSION)
            ? new Item(Outcome.WARN, installed.rule(), installed.what(), installed.found())
            : installed);
    if (config.role().isServer()) {
      items.add(optional("S1", "mode", config.modeCommand(), status::mode));
      items.add(optional("V2", "datasource", config.datasourceCommand(), status::datasource));
    }
    try {
      for (ServiceState s : status.services()) {
        items.add(
            new Item(
                s.running() ? Outcome.OK : Outcome.WARN,
                "V1",
                "service " + s.name(),
                (s.running() ? "running" : "not running")
                    + " "
                    + LocalHostConfig.fill(
                        config.serviceActiveCommand(), Map.of(LocalHostConfig.SERVICE, s.name()))));
      }
    } catch (RuntimeException e) {
      items.add(new Item(Outcome.FAIL, "V1", "services", e.getMessage()));
    }
    items.add(
        new Item(
            Outcome.OK,
            "P5",
            "clock",
            Instant.ofEpochMilli(host.clockMillis())
                + " (the servers' clocks must agree within a minute)"));
    items.addAll(rights(config));
    installerPath.ifPresent(path -> items.add(checksum(path, sha256)));
    // A rollout runs the agent's own checked copy of the installer, in its state directory.
    String copy =
        installerPath
            .map(p -> Path.of(config.stateDir(), "installers", Path.of(p).getFileName().toString()))
            .map(Path::toString)
            .orElse(LocalHostConfig.INSTALLER);
    items.addAll(notRun(config, copy, version));
    return items;
  }

  /** True when every answer parsed: no item failed. */
  public static boolean passed(List<Item> items) {
    return items.stream().noneMatch(i -> i.outcome() == Outcome.FAIL);
  }

  private List<Item> rights(LocalHostConfig config) {
    List<Item> items = new ArrayList<>();
    LocalUmsHost.AdminRights admin = host.adminRights();
    Outcome outcome =
        admin.admin() == null
            ? Outcome.FAIL
            : admin.admin() || !config.requireRoot() ? Outcome.OK : Outcome.WARN;
    items.add(new Item(outcome, "P6", "administrator rights", admin.detail()));
    Optional<String> adminProblem = host.adminProblem();
    for (String problem : host.installRightsProblems()) {
      if (adminProblem.filter(problem::equals).isEmpty()) {
        items.add(new Item(Outcome.WARN, "P6", "directories", problem));
      }
    }
    return items;
  }

  private Item checksum(String path, Optional<String> sha256) {
    try {
      Optional<String> sha = host.checkInstaller(path);
      if (sha.isEmpty()) {
        return new Item(Outcome.WARN, "P1", "installer", path + " is missing");
      }
      boolean matches = sha256.map(sha.get()::equalsIgnoreCase).orElse(true);
      return new Item(
          matches ? Outcome.OK : Outcome.WARN,
          "P1",
          "installer",
          path
              + " SHA-256 "
              + sha.get()
              + (sha256.isEmpty() ? "" : matches ? " as expected" : ", not " + sha256.get()));
    } catch (RuntimeException e) {
      return new Item(Outcome.FAIL, "P1", "installer", e.getMessage());
    }
  }

  private List<Item> notRun(LocalHostConfig config, String installer, String version) {
    List<Item> items = new ArrayList<>();
    items.add(
        new Item(
            Outcome.NOT_RUN, "S3", "install", host.installArgv(version, installer).toString()));
    if (config.endUpdateModeCommand() != null) {
      items.add(
          new Item(
              Outcome.NOT_RUN, "V3", "end update mode", config.endUpdateModeCommand().toString()));
    }
    for (String service : config.takeOutServices()) {
      for (List<String> command : config.takeOutCommands()) {
        items.add(
            new Item(
                Outcome.NOT_RUN,
                "S6",
                "take out " + service,
                LocalHostConfig.fill(command, Map.of(LocalHostConfig.SERVICE, service))
                    .toString()));
      }
    }
    if (config.role().isServer()) {
      for (List<String> command : config.reconfigureServiceCommands()) {
        items.add(
            new Item(
                Outcome.NOT_RUN,
                "S4",
                "service reconfiguration",
                LocalHostConfig.fill(
                        command, Map.of(LocalHostConfig.SERVICE, config.services().server()))
                    .toString()));
      }
    }
    return items;
  }

  private static Item read(String rule, String what, List<String> command, Supplier<String> value) {
    try {
      return new Item(Outcome.OK, rule, what, value.get() + " " + command);
    } catch (RuntimeException e) {
      return new Item(Outcome.FAIL, rule, what, e.getMessage());
    }
  }

  private static Item optional(
      String rule, String what, List<String> command, Supplier<Object> value) {
    if (command == null) {
      return new Item(
          Outcome.WARN,
          rule,
          what,
          "no command configured: unknown to the agent; the rollout reads the Network list");
    }
    return read(rule, what, command, () -> String.valueOf(value.get()));
  }

  private static String show(String version) {
    return version == null ? NO_VERSION + " (no match of versionPattern)" : version;
  }
}
