package org.umsrollout.activities.host.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Starts the installer apart from the agent and keeps a record of it in the agent's state
 * directory, so that the installer outlives the agent (restart, crash, lost heartbeat) and a later
 * attempt, in this agent or the next, finds it again instead of starting a second one.
 *
 * <p>The installer runs under the configured {@code installWrapper} (Linux: a small {@code /bin/sh}
 * script; Windows: PowerShell with a script of the operator's), started through the configured
 * {@code detachCommand} (Linux: {@code setsid}, a session of its own, so no signal meant for the
 * agent reaches it). The wrapper writes the installer's exit code to a file when it ends; the
 * installer's stdout and stderr go to files. Installer argv and paths are the wrapper's arguments,
 * never part of its script.
 *
 * <p>The recorded pid is the wrapper's; it is taken for the installer only while its start time
 * (from {@code /proc/<pid>/stat}, in clock ticks since boot, so the same in every JVM) is the
 * recorded one, so a pid used again by another process after a reboot is not waited for. Where
 * there is no {@code /proc} (Windows) the start time is the one the JVM reads.
 */
final class DetachedInstaller {
  static final String RECORD = "install.properties";

  /**
   * An installer started by this or an earlier agent.
   *
   * @param pid the wrapper's pid
   * @param pidStart when that process started, as {@link #startOf} tells it; empty when unknown
   * @param goneReported when an attempt reported the installer gone without an exit code; empty
   *     until then
   */
  record Record(
      String version,
      String installer,
      String command,
      long pid,
      String pidStart,
      Instant started,
      Path stdout,
      Path stderr,
      Path exitFile,
      String goneReported) {

    /** The words an operator needs to find the installer. */
    String describe() {
      return "pid " + pid + ", started " + started + ", output in " + stdout + " and " + stderr;
    }

    boolean sameAs(Record other) {
      return pid == other.pid && pidStart.equals(other.pidStart) && version.equals(other.version);
    }
  }

  /** What became of a recorded installer. */
  sealed interface State permits Running, Exited, Vanished {}

  /** It still runs, as {@code process}. */
  record Running(ProcessHandle process) implements State {}

  /** It ended with {@code code}. */
  record Exited(int code) implements State {}

  /** It is gone without an exit code: killed, or the host rebooted. */
  record Vanished() implements State {}

  /** An installer just started: its record and the process, a child of this JVM. */
  record Started(Record record, Process process) {}

  private final Path stateDir;
  private final List<String> detachCommand;
  private final List<String> wrapper;

  /**
   * @param wrapper runs the command appended to it, then writes its exit code to the file named by
   *     {@link LocalHostConfig#EXIT_FILE}
   */
  DetachedInstaller(Path stateDir, List<String> detachCommand, List<String> wrapper) {
    this.stateDir = stateDir;
    this.detachCommand = List.copyOf(detachCommand);
    this.wrapper = List.copyOf(wrapper);
  }

  /** The file the wrapper writes the exit code of the installer of {@code version} to. */
  Path exitFileOf(String version) {
    return stateDir.resolve("installer-" + version.replaceAll("[^A-Za-z0-9._-]", "_") + ".exit");
  }

  /**
   * What runs: the detach command, the wrapper writing to {@code exitFile}, then {@code command}.
   */
  List<String> argv(Path exitFile, List<String> command) {
    List<String> argv = new ArrayList<>(detachCommand);
    argv.addAll(
        LocalHostConfig.fill(
            wrapper, java.util.Map.of(LocalHostConfig.EXIT_FILE, exitFile.toString())));
    argv.addAll(command);
    return argv;
  }

  Path stateDir() {
    return stateDir;
  }

  /** The recorded installer, if there is one. */
  Optional<Record> record() {
    Path file = stateDir.resolve(RECORD);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(
          new Record(
              required(p, "version", file),
              required(p, "installer", file),
              p.getProperty("command", ""),
              Long.parseLong(required(p, "pid", file)),
              p.getProperty("pidStart", ""),
              Instant.parse(required(p, "started", file)),
              Path.of(required(p, "stdout", file)),
              Path.of(required(p, "stderr", file)),
              Path.of(required(p, "exitFile", file)),
              p.getProperty("goneReported", "")));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalStateException(
          file + " is not a record of an installer (" + e.getMessage() + "); remove it by hand", e);
    }
  }

  /**
   * Starts {@code command} apart from the agent and records it. Output and exit code of an earlier
   * installer of the same version are overwritten.
   */
  Started start(String version, String installerPath, List<String> command) throws IOException {
    Files.createDirectories(stateDir);
    Path exitFile = exitFileOf(version);
    String base = exitFile.getFileName().toString().replaceFirst("\\.exit$", "");
    Path stdout = stateDir.resolve(base + ".out");
    Path stderr = stateDir.resolve(base + ".err");
    Files.deleteIfExists(exitFile);
    Files.deleteIfExists(Path.of(exitFile + ".tmp"));
    // An installer nobody could find again must not start: try the record's place first.
    Files.writeString(stateDir.resolve(RECORD + ".tmp"), "");
    List<String> argv = argv(exitFile, command);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectInput(
                ProcessBuilder.Redirect.from(
                    new File(File.separatorChar == '\\' ? "NUL" : "/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
    Record record =
        new Record(
            version,
            installerPath,
            String.join(" ", command),
            process.pid(),
            startOf(process.pid()).orElse(""),
            Instant.now(),
            stdout,
            stderr,
            exitFile,
            "");
    try {
      write(record);
    } catch (IOException e) {
      // Milliseconds old, it has done nothing yet; left running unrecorded, a retry would start a
      // second one beside it.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IOException("cannot record the installer, so it was stopped: " + e.getMessage(), e);
    }
    return new Started(record, process);
  }

  /**
   * What became of {@code record}'s installer. Looks at the process before the exit file: the
   * wrapper writes that file before it ends, so an ended installer always shows one unless killed.
   */
  State state(Record record) {
    Optional<ProcessHandle> process =
        ProcessHandle.of(record.pid())
            .filter(ProcessHandle::isAlive)
            .filter(p -> !record.pidStart().isEmpty())
            .filter(p -> startOf(p.pid()).filter(record.pidStart()::equals).isPresent());
    if (process.isPresent()) {
      return new Running(process.get());
    }
    try {
      String code = Files.readString(record.exitFile(), StandardCharsets.UTF_8).strip();
      return new Exited(Integer.parseInt(code));
    } catch (NoSuchFileException e) {
      return new Vanished();
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(
          "cannot read the exit code in " + record.exitFile() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Notes in the record that an attempt reported its installer gone without an exit code, so that
   * an automatic retry of that attempt does not start the installer again.
   */
  Record markGone(Record record) throws IOException {
    Record marked =
        new Record(
            record.version(),
            record.installer(),
            record.command(),
            record.pid(),
            record.pidStart(),
            record.started(),
            record.stdout(),
            record.stderr(),
            record.exitFile(),
            Instant.now().toString());
    write(marked);
    return marked;
  }

  /** Removes the record, unless it already names another installer. Output files stay. */
  void forget(Record record) {
    Optional<Record> now = record();
    if (now.isPresent() && now.get().sameAs(record)) {
      try {
        Files.deleteIfExists(stateDir.resolve(RECORD));
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot remove " + stateDir.resolve(RECORD) + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * When process {@code pid} started: on Linux the start time in {@code /proc/<pid>/stat}, in clock
   * ticks since boot. Not {@link ProcessHandle.Info#startInstant()}: that adds the boot time as
   * this JVM reads it, which moves with the wall clock, so another JVM may see another instant.
   * Empty when the process is gone or a zombie.
   */
  static Optional<String> startOf(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.isDirectory(Path.of("/proc", "self"))) {
      return ProcessHandle.of(pid)
          .flatMap(p -> p.info().startInstant())
          .map(i -> "java:" + i.toEpochMilli());
    }
    String text;
    try {
      text = Files.readString(stat, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
    if (fields.length < 20 || fields[0].equals("Z") || fields[0].equals("X")) {
      return Optional.empty();
    }
    return Optional.of("proc:" + fields[19]);
  }

  /** The whole of a file the installer wrote, empty when there is none. */
  static String read(Path file) {
    try {
      // Not readString: output in another encoding must not fail the install.
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The last line with something on it among the last few KiB of {@code file}, or "". */
  static String lastLine(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      int n = (int) Math.min(length, 4096);
      byte[] tail = new byte[n];
      f.seek(length - n);
      f.readFully(tail);
      String[] lines = new String(tail, StandardCharsets.UTF_8).split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        String line = lines[i].strip();
        if (!line.isEmpty()) {
          return line.length() <= 200 ? line : line.substring(0, 200) + "...";
        }
      }
      return "";
    } catch (IOException e) {
      return "";
    }
  }

  private void write(Record r) throws IOException {
    Properties p = new Properties();
    p.setProperty("version", r.version());
    p.setProperty("installer", r.installer());
    p.setProperty("command", r.command());
    p.setProperty("pid", Long.toString(r.pid()));
    p.setProperty("pidStart", r.pidStart());
    p.setProperty("started", r.started().toString());
    p.setProperty("stdout", r.stdout().toString());
    p.setProperty("stderr", r.stderr().toString());
    p.setProperty("exitFile", r.exitFile().toString());
    if (!r.goneReported().isEmpty()) {
      p.setProperty("goneReported", r.goneReported());
    }
    Path file = stateDir.resolve(RECORD);
    Path tmp = stateDir.resolve(RECORD + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, "the installer the ums-rollout agent started; it waits for it on a retry");
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String required(Properties p, String key, Path file) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          file + " is not a record of an installer (no " + key + "); remove it by hand");
    }
    return value;
  }
}
