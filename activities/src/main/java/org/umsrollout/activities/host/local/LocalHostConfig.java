package org.umsrollout.activities.host.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.umsrollout.workflows.model.HostRole;

/**
 * What the {@code local} backend needs to know about the host it runs on, read from YAML by {@link
 * LocalHostConfigLoader}. Everything host-specific is here: the service names, and every command as
 * a list of argv strings with placeholders ({@code {version}}, {@code {installer}}, {@code
 * {service}}). No command goes through a shell unless the operator writes {@code sh -c} in it.
 *
 * @param name the host's name as the inventory names it
 * @param role what the host carries (N1)
 * @param services the UMS service (systemd unit, Windows service) of each component (N2)
 * @param serviceActiveCommand exits 0 when {@code {service}} runs (V1); default {@code systemctl
 *     is-active {service}} (Windows: {@code sc.exe query {service}})
 * @param serviceActivePattern optional: the service runs only where the output matches it too;
 *     Windows default {@code STATE\s*:\s*4\s+RUNNING}, since {@code sc.exe query} exits 0 for a
 *     stopped service
 * @param versionCommand prints the installed UMS version on stdout
 * @param versionPattern picks the version out of that output (group 1 if it has one, else the
 *     match); default {@code (\d+\.\d+\.\d+)}. No match means no UMS is installed
 * @param modeCommand servers only, optional: prints the server's mode (S1); output containing
 *     {@code UPDATE} (case ignored) is update mode, else {@code NORMAL} normal mode, else it is an
 *     error. Absent: the mode is unknown (null)
 * @param datasourceCommand servers only, optional: prints the database the server works on (S1,
 *     V2); output containing {@code LOCAL} (case ignored, so {@code LOCAL_COPY} too) is its local
 *     copy, else {@code PRODUCTIVE} the productive database, else it is an error; so it prints a
 *     word, not a JDBC URL ({@code localhost} contains {@code LOCAL}). Read as printed, never
 *     inferred from the mode. Absent: the datasource is unknown (null). Where either is unknown,
 *     the agent's reading never takes the server off the local-copy count; the Network list's mode
 *     does, and V2 is checked against that list (N2)
 * @param installCommand runs the installer unattended; with {@code {installer}} and {@code
 *     {version}}
 * @param installLog optional: the file, with {@code {version}}, the installer writes its log to
 *     (Windows: its {@code /LOG=} file); the report is read from it, else from its stdout
 * @param installTimeoutMinutes deprecated and ignored: the rollout policy's {@code
 *     installTimeoutSeconds} bounds each install attempt. Still read so that an existing file
 *     loads; {@link LocalUmsHost} warns where it is set
 * @param permanentExitCodes installer exit codes that will fail again however often it is tried
 * @param installReportPattern picks "n of m servers updated" (S3) out of the installer's output,
 *     groups 1 and 2; default {@code (\d+) of (\d+) servers? updated}
 * @param endUpdateModeCommand servers: ends update mode of the local server (V3), e.g. the
 *     umsadmin-cli call, whose arguments are not published
 * @param reconfigureServiceCommands servers, optional: set start type and logon of the server
 *     service again and restart it, one argv after the other (S4). {@code {env:NAME}} is the
 *     agent's environment variable NAME, filled in only when the command runs and never shown, so a
 *     password stays out of this file and out of every message
 * @param takeOutCommands servers: stop a service and keep it from starting, run for the server and
 *     the load balancer service when a server is taken out of the HA network (S6); default {@code
 *     systemctl disable --now {service}}
 * @param commandTimeoutSeconds how long every other command may run; default 60
 * @param rootDir must be writable when a server is installed (P6); default {@code /root} on Linux,
 *     none on Windows
 * @param requireRoot the agent must run with administrator rights (P6), as {@code rightsCommand}
 *     tells; default true
 * @param rightsCommand tells whether the agent has administrator rights: it must exit 0 and, with
 *     {@code rightsPattern}, print a match. Default {@code id -u} printing {@code 0} (Linux),
 *     {@code whoami /groups} listing S-1-5-32-544 as an enabled group, so in an elevated token
 *     (Windows)
 * @param rightsPattern see {@code rightsCommand}
 * @param stateDir where the agent keeps the record and the output of the installer it started, so
 *     that a restarted agent finds it again; default {@code /var/lib/ums-rollout-agent}
 * @param detachCommand the argv prefix that starts the installer apart from the agent, so it
 *     survives the agent; default {@code [setsid]} (its own session). Under systemd, where stopping
 *     the agent's unit stops its whole cgroup, e.g. {@code [systemd-run, --scope, --quiet,
 *     setsid]}; the command must exec what follows it in the same process. Windows: none
 * @param platform {@code LINUX} (default) or {@code WINDOWS}: picks the defaults above, never what
 *     the Java code does
 * @param installWrapper the argv that runs the installer command appended to it and then writes its
 *     exit code to {@code {exitFile}}; default a small {@code /bin/sh} script (Linux). Needed on
 *     Windows, e.g. PowerShell with {@code deploy/examples/run-installer.ps1}
 * @param installers which installer files the agent runs ({@link InstallerPolicy}); without it the
 *     agent runs none. {@code {installer}} is the agent's own checked copy of the file
 */
public record LocalHostConfig(
    String name,
    HostRole role,
    Services services,
    List<String> serviceActiveCommand,
    List<String> versionCommand,
    String versionPattern,
    List<String> modeCommand,
    List<String> datasourceCommand,
    List<String> installCommand,
    Integer installTimeoutMinutes,
    List<Integer> permanentExitCodes,
    String installReportPattern,
    List<String> endUpdateModeCommand,
    List<List<String>> reconfigureServiceCommands,
    List<List<String>> takeOutCommands,
    Integer commandTimeoutSeconds,
    String rootDir,
    Boolean requireRoot,
    String stateDir,
    List<String> detachCommand,
    Platform platform,
    String serviceActivePattern,
    List<String> rightsCommand,
    String rightsPattern,
    List<String> installWrapper,
    String installLog,
    InstallerPolicy installers) {

  static final String VERSION = "{version}";
  static final String INSTALLER = "{installer}";
  static final String SERVICE = "{service}";
  static final String EXIT_FILE = "{exitFile}";

  /** Stands for every {@code {env:NAME}} in the sets of allowed placeholders. */
  static final String ENV = "{env:NAME}";

  static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{[A-Za-z]+(?::[A-Za-z_][A-Za-z0-9_]*)?}");

  /** The system the host runs; it picks the defaults of the commands. */
  public enum Platform {
    LINUX,
    WINDOWS
  }

  /**
   * The service of each UMS component on this host; only those the role carries are read. The
   * watchdog runs on every node (N1) and is read wherever it is named.
   */
  public record Services(String server, String loadBalancer, String watchdog, String console) {
    /** The services {@code role} runs, in a fixed order. */
    public List<String> forRole(HostRole role) {
      List<String> out = new ArrayList<>();
      if (role.isServer() && server != null) {
        out.add(server);
      }
      if (role.hasLoadBalancer() && loadBalancer != null) {
        out.add(loadBalancer);
      }
      if (role != HostRole.CONSOLE && watchdog != null) {
        out.add(watchdog);
      }
      if (role == HostRole.CONSOLE && console != null) {
        out.add(console);
      }
      return List.copyOf(out);
    }
  }

  public LocalHostConfig {
    required(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank");
    }
    required(role, "role");
    required(services, "services");
    if (role.isServer()) {
      required(services.server(), "services.server");
    }
    if (role.hasLoadBalancer()) {
      required(services.loadBalancer(), "services.loadBalancer");
    }
    platform = platform == null ? Platform.LINUX : platform;
    boolean windows = platform == Platform.WINDOWS;
    serviceActiveCommand =
        serviceActiveCommand == null
            ? windows
                ? List.of("sc.exe", "query", SERVICE)
                : List.of("systemctl", "is-active", SERVICE)
            : argv(serviceActiveCommand, "serviceActiveCommand", Set.of(SERVICE));
    for (String service : services.forRole(role)) {
      // The Windows defaults put a service name in a PowerShell string in single quotes.
      if (windows && service.contains("'")) {
        throw new IllegalArgumentException("services: " + service + " holds a quote");
      }
    }
    if (serviceActivePattern == null && windows) {
      serviceActivePattern = "STATE\\s*:\\s*4\\s+RUNNING";
    }
    if (serviceActivePattern != null) {
      regex(serviceActivePattern, "serviceActivePattern", 0);
    }
    versionCommand = argv(required(versionCommand, "versionCommand"), "versionCommand", Set.of());
    versionPattern = versionPattern == null ? "(\\d+\\.\\d+\\.\\d+)" : versionPattern;
    regex(versionPattern, "versionPattern", 0);
    modeCommand = modeCommand == null ? null : argv(modeCommand, "modeCommand", Set.of());
    datasourceCommand =
        datasourceCommand == null ? null : argv(datasourceCommand, "datasourceCommand", Set.of());
    installCommand =
        argv(
            required(installCommand, "installCommand"),
            "installCommand",
            Set.of(INSTALLER, VERSION));
    if (installTimeoutMinutes != null) {
      positive(installTimeoutMinutes, 0, "installTimeoutMinutes");
    }
    permanentExitCodes = permanentExitCodes == null ? List.of() : List.copyOf(permanentExitCodes);
    installReportPattern =
        installReportPattern == null ? "(\\d+) of (\\d+) servers? updated" : installReportPattern;
    regex(installReportPattern, "installReportPattern", 2);
    if (role.isServer()) {
      required(endUpdateModeCommand, "endUpdateModeCommand");
    }
    endUpdateModeCommand =
        endUpdateModeCommand == null
            ? null
            : argv(endUpdateModeCommand, "endUpdateModeCommand", Set.of());
    List<List<String>> reconfigure = new ArrayList<>();
    if (reconfigureServiceCommands != null) {
      for (int i = 0; i < reconfigureServiceCommands.size(); i++) {
        reconfigure.add(
            argv(
                reconfigureServiceCommands.get(i),
                "reconfigureServiceCommands[" + i + "]",
                Set.of(SERVICE, ENV)));
      }
    }
    reconfigureServiceCommands = List.copyOf(reconfigure);
    List<List<String>> takeOut = new ArrayList<>();
    if (takeOutCommands == null && windows) {
      takeOut.add(List.of("sc.exe", "config", SERVICE, "start=", "disabled"));
      takeOut.add(powershell("Stop-Service -Name '" + SERVICE + "' -Force -ErrorAction Stop"));
    } else if (takeOutCommands == null) {
      takeOut.add(List.of("systemctl", "disable", "--now", SERVICE));
    } else {
      for (int i = 0; i < takeOutCommands.size(); i++) {
        takeOut.add(argv(takeOutCommands.get(i), "takeOutCommands[" + i + "]", Set.of(SERVICE)));
      }
    }
    takeOutCommands = List.copyOf(takeOut);
    commandTimeoutSeconds = positive(commandTimeoutSeconds, 60, "commandTimeoutSeconds");
    rootDir = rootDir == null && !windows ? "/root" : rootDir;
    requireRoot = requireRoot == null || requireRoot;
    if (rightsCommand == null) {
      rightsCommand = windows ? List.of("whoami", "/groups") : List.of("id", "-u");
      if (rightsPattern == null) {
        rightsPattern = windows ? "S-1-5-32-544[^\\r\\n]*Enabled group" : "\\A\\s*0\\s*\\z";
      }
    } else {
      rightsCommand = argv(rightsCommand, "rightsCommand", Set.of());
    }
    if (rightsPattern != null) {
      regex(rightsPattern, "rightsPattern", 0);
    }
    installers = installers == null ? null : installers.withDefaults(platform);
    stateDir =
        stateDir == null
            ? windows ? "C:\\ProgramData\\ums-rollout-agent" : "/var/lib/ums-rollout-agent"
            : stateDir;
    if (stateDir.isBlank()) {
      throw new IllegalArgumentException("stateDir: must not be blank");
    }
    // An empty list is allowed: the operator detaches the installer some other way.
    detachCommand =
        detachCommand == null
            ? windows ? List.of() : List.of("setsid")
            : detachCommand.isEmpty() ? List.of() : argv(detachCommand, "detachCommand", Set.of());
    if (installWrapper == null && windows) {
      throw new IllegalArgumentException(
          "installWrapper: missing; on Windows it runs the installer and writes its exit code"
              + " (see deploy/examples/run-installer.ps1)");
    }
    installWrapper =
        installWrapper == null
            ? List.of("/bin/sh", "-c", SH_WRAPPER, "ums-rollout-installer", EXIT_FILE)
            : argv(installWrapper, "installWrapper", Set.of(EXIT_FILE));
    if (!String.join(" ", installWrapper).contains(EXIT_FILE)) {
      throw new IllegalArgumentException(
          "installWrapper: needs " + EXIT_FILE + ", the file it writes the exit code to");
    }
    if (installLog != null) {
      argv(List.of(installLog), "installLog", Set.of(VERSION));
    }
  }

  /**
   * Runs "$@" and then writes its exit code to $1 (through a temporary file and a rename, so a
   * reader never sees half of it).
   */
  static final String SH_WRAPPER =
      "exitfile=$1; shift; \"$@\"; code=$?; "
          + "printf '%s\\n' \"$code\" > \"$exitfile.tmp\" && mv -f \"$exitfile.tmp\" \"$exitfile\"; "
          + "exit \"$code\"";

  /** A PowerShell command line, without profile and prompts; it exits 1 when the script throws. */
  static List<String> powershell(String script) {
    return List.of("powershell.exe", "-NoProfile", "-NonInteractive", "-Command", script);
  }

  /** The services a take-out stops: the server's and the load balancer's beside it. */
  public List<String> takeOutServices() {
    List<String> out = new ArrayList<>();
    if (role.isServer()) {
      out.add(services.server());
    }
    if (role.hasLoadBalancer()) {
      out.add(services.loadBalancer());
    }
    return out;
  }

  /** The services this host runs, by its role. */
  public List<String> hostServices() {
    return services.forRole(role);
  }

  /** Puts {@code values} in for the placeholders of {@code argv}. */
  static List<String> fill(List<String> argv, Map<String, String> values) {
    return argv.stream()
        .map(
            arg -> {
              String out = arg;
              for (Map.Entry<String, String> v : values.entrySet()) {
                out = out.replace(v.getKey(), v.getValue());
              }
              return out;
            })
        .toList();
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": missing");
    }
    return value;
  }

  private static List<String> argv(List<String> argv, String field, Set<String> allowed) {
    if (argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
      throw new IllegalArgumentException(field + ": needs a program to run as its first entry");
    }
    for (String arg : argv) {
      if (arg == null) {
        throw new IllegalArgumentException(field + ": holds an empty entry");
      }
      Matcher m = PLACEHOLDER.matcher(arg);
      while (m.find()) {
        boolean env = allowed.contains(ENV) && ENV_PLACEHOLDER.matcher(m.group()).matches();
        if (!env && !allowed.contains(m.group())) {
          throw new IllegalArgumentException(
              field
                  + ": unknown placeholder "
                  + m.group()
                  + (allowed.isEmpty()
                      ? " (none is filled in here)"
                      : " (allowed: " + allowed + ")"));
        }
      }
    }
    return List.copyOf(argv);
  }

  private static void regex(String pattern, String field, int groups) {
    try {
      int found = Pattern.compile(pattern).matcher("").groupCount();
      if (found < groups) {
        throw new IllegalArgumentException(
            field + ": needs " + groups + " groups, has " + found + ": " + pattern);
      }
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(field + ": not a regular expression: " + e.getMessage());
    }
  }

  private static int positive(Integer value, int fallback, String field) {
    if (value == null) {
      return fallback;
    }
    if (value <= 0) {
      throw new IllegalArgumentException(field + ": must be positive, not " + value);
    }
    return value;
  }
}
