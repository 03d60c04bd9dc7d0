package org.umsrollout.activities.host.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A "host" in a directory: the shell scripts of {@code src/test/resources/local} (systemctl,
 * serverstatus, mode, datasource, installer, umsadmin-cli) and the files they keep their state in.
 */
final class FakeHost {
  static final String INSTALLED = "12.04.120";
  static final String TARGET = "12.05.100";
  static final List<String> SCRIPTS =
      List.of(
          "systemctl",
          "serverstatus",
          "show-mode",
          "show-datasource",
          "installer",
          "failing-installer",
          "held-installer",
          "umsadmin-cli",
          "tool",
          "powershell.exe",
          "windows-installer");

  /** The tools that only log their call and answer from a file, as "tool" does. */
  static final List<String> TOOLS =
      List.of("id", "whoami", "sc.exe", "curl.exe", "umsadmin-cli.exe");

  /** The Windows example of the repository. */
  static final Path WINDOWS_EXAMPLE =
      Path.of("..", "deploy", "examples", "local-host-windows.yaml");

  final Path dir;
  final Path installerFile;

  private FakeHost(Path dir) {
    this.dir = dir;
    this.installerFile = dir.resolve("setup-igel-ums-linux_" + TARGET + ".bin");
  }

  /** A server host in {@code dir} running {@link #INSTALLED}, its services active. */
  static FakeHost in(Path dir) {
    FakeHost host = new FakeHost(dir);
    try {
      for (String script : SCRIPTS) {
        try (InputStream in = FakeHost.class.getResourceAsStream("/local/" + script)) {
          Path target = dir.resolve(script);
          Files.copy(in, target);
          target.toFile().setExecutable(true);
        }
      }
      for (String tool : TOOLS) {
        Files.copy(dir.resolve("tool"), dir.resolve(tool));
        dir.resolve(tool).toFile().setExecutable(true);
      }
      Files.createDirectories(dir.resolve("answers"));
      Files.createDirectories(dir.resolve("state"));
      host.write("version", INSTALLED);
      for (String unit : List.of("igel-ums-server", "igel-ums-broker", "igel-ums-watchdog")) {
        host.write("state/" + unit, "active");
      }
      Files.writeString(host.installerFile, "installer bytes of " + TARGET);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return host;
  }

  void write(String file, String content) {
    try {
      Files.writeString(dir.resolve(file), content + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String read(String file) {
    try {
      Path p = dir.resolve(file);
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8).strip() : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What {@code tool} (named {@code name}) prints, and exits with, when its last argument is {@code
   * lastArg} (null: whatever it is).
   */
  void answer(String name, String lastArg, String output, int exitCode) {
    String file = "answers/" + name + (lastArg == null ? "" : "@" + lastArg);
    write(file, output);
    write(file + ".exit", String.valueOf(exitCode));
  }

  /** Every logged call of a tool, as its argv with the tool's name first, in order. */
  List<List<String>> calls() {
    String calls = read("calls");
    return calls.isEmpty()
        ? List.of()
        : java.util.Arrays.stream(calls.split("\n")).map(l -> List.of(l.split("\t", -1))).toList();
  }

  /** The logged calls of {@code tool}. */
  List<List<String>> calls(String tool) {
    return calls().stream().filter(c -> c.get(0).equals(tool)).toList();
  }

  /**
   * The Windows example with its tools replaced by the fakes of this directory, its Windows
   * directories by this one, and each of {@code extra} applied as in {@link #yaml}.
   */
  String windowsYaml(String... extra) {
    String d = dir.toAbsolutePath().toString();
    String y;
    try {
      y = Files.readString(WINDOWS_EXAMPLE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    y =
        y.replace("C:\\ProgramData\\ums-rollout-agent\\", d + "/agent-state/")
            .replace("'C:\\ProgramData\\ums-rollout-agent'", "'" + d + "/agent-state'")
            .replace("'C:\\IGEL\\installers'", "'" + d + "'")
            .replace(
                "'C:\\Program Files\\IGEL\\RemoteManager\\bin\\umsadmin-cli.exe'",
                "'" + d + "/umsadmin-cli.exe'");
    for (String tool : List.of("sc.exe", "curl.exe", "whoami", "powershell.exe")) {
      y =
          y.replace("[" + tool + ",", "['" + d + "/" + tool + "',")
              .replace("- " + tool + "\n", "- '" + d + "/" + tool + "'\n");
    }
    for (String line : extra) {
      String field = line.substring(0, line.indexOf(':') + 1);
      y = y.replaceAll("(?m)^" + java.util.regex.Pattern.quote(field) + ".*\n(?:  - .*\n)*", "");
      if (!line.equals(field)) {
        y += line + "\n";
      }
    }
    return y;
  }

  /** The installer file of the Windows profile: a fake that writes its report to its /LOG= file. */
  Path windowsInstaller() {
    Path file = dir.resolve("setup-igel-ums-windows_" + TARGET + ".exe");
    try {
      if (!Files.exists(file)) {
        Files.copy(dir.resolve("windows-installer"), file);
        file.toFile().setExecutable(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Lets a running {@code held-installer} end, with exit code {@code code}. */
  void release(int code) {
    write("release", String.valueOf(code));
  }

  /** The {@code held-installer} that runs now, if one does. */
  java.util.Optional<ProcessHandle> heldInstaller() {
    String pid = read("installer-pid");
    return pid.isEmpty()
        ? java.util.Optional.empty()
        : ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive);
  }

  int installerRuns() {
    String runs = read("runs");
    return runs.isEmpty() ? 0 : runs.split("\n").length;
  }

  /**
   * The config of this host; each of {@code extra} ("field: value") replaces the line of that
   * top-level field, or is added; "field:" alone removes it.
   */
  String yaml(String role, String installer, String... extra) {
    String d = dir.toAbsolutePath().toString();
    StringBuilder y = new StringBuilder();
    y.append("name: ums-srv-1\n")
        .append("role: ")
        .append(role)
        .append('\n')
        .append("services:\n")
        .append("  server: igel-ums-server\n")
        .append("  loadBalancer: igel-ums-broker\n")
        .append("  watchdog: igel-ums-watchdog\n")
        .append("serviceActiveCommand: [\"" + d + "/systemctl\", is-active, \"{service}\"]\n")
        .append("versionCommand: [\"" + d + "/serverstatus\"]\n")
        .append("versionPattern: '\"rmGuiServerVersion\":\"([^\"]+)\"'\n")
        .append("modeCommand: [\"" + d + "/show-mode\"]\n")
        .append("datasourceCommand: [\"" + d + "/show-datasource\"]\n")
        .append(
            "installCommand: [\"" + d + "/" + installer + "\", \"{installer}\", \"{version}\"]\n")
        .append("permanentExitCodes: [2]\n")
        .append("endUpdateModeCommand: [\"" + d + "/umsadmin-cli\", end-update-mode]\n")
        .append("commandTimeoutSeconds: 10\n")
        .append("rootDir: \"" + d + "\"\n")
        .append("requireRoot: false\n")
        .append("stateDir: \"" + d + "/agent-state\"\n")
        .append("installers: {directory: \"" + d + "\"}\n");
    String out = y.toString();
    for (String line : extra) {
      String field = line.substring(0, line.indexOf(':') + 1);
      out = out.replaceAll("(?m)^" + java.util.regex.Pattern.quote(field) + ".*\n", "");
      if (!line.equals(field)) {
        out += line + "\n";
      }
    }
    return out;
  }

  LocalHostConfig config(String role, String installer, String... extra) {
    return LocalHostConfigLoader.parse(yaml(role, installer, extra), "test.yaml");
  }

  LocalUmsHost host(String role, String installer, String... extra) {
    return new LocalUmsHost(config(role, installer, extra));
  }
}
