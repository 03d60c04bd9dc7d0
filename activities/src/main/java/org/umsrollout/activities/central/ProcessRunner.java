package org.umsrollout.activities.central;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a vendor tool (pg_dump, sqlcmd, ...) to its end or its timeout, heartbeating meanwhile.
 * Output goes to temporary files, not pipes, so a tool that writes much never blocks on a full
 * pipe.
 */
public final class ProcessRunner {
  /** The exit code and the whole output of a finished tool. */
  public record Result(int exitCode, String stdout, String stderr) {
    /** The end of stderr, trimmed, short enough for a failure message. */
    public String stderrTail() {
      String s = stderr.strip();
      return s.length() <= 2000 ? s : "..." + s.substring(s.length() - 2000);
    }
  }

  private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  private ProcessRunner() {}

  /**
   * Runs {@code command} with the worker's environment plus {@code extraEnv}. Calls {@code
   * heartbeat} when the tool starts and then every second until it ends; an exception from it (a
   * cancelled activity) stops the tool. A tool still running after {@code timeout} is killed.
   *
   * @throws IOException the tool cannot be started, or it did not end in time
   */
  public static Result run(
      List<String> command, Map<String, String> extraEnv, Duration timeout, Runnable heartbeat)
      throws IOException, InterruptedException {
    String tool = Path.of(command.get(0)).getFileName().toString();
    Path out = Files.createTempFile("ums-rollout-" + tool + "-", ".out");
    Path err = Files.createTempFile("ums-rollout-" + tool + "-", ".err");
    Process process = null;
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(extraEnv);
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      heartbeat.run();
      while (!process.waitFor(HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() - deadline > 0) {
          kill(process);
          throw new IOException(
              tool + " did not finish within " + timeout + " and was stopped: " + tail(err));
        }
        heartbeat.run();
      }
      return new Result(process.exitValue(), read(out), read(err));
    } finally {
      if (process != null && process.isAlive()) {
        kill(process);
      }
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Heartbeats the current activity, or does nothing when called outside one (a plain unit test or
   * a command line). Must be called on the activity's thread, as the SDK requires.
   */
  static Runnable activityHeartbeat(String what) {
    ActivityExecutionContext context;
    try {
      context = Activity.getExecutionContext();
    } catch (IllegalStateException notInAnActivity) {
      return () -> {};
    }
    long started = System.nanoTime();
    return () ->
        context.heartbeat(
            what
                + " running for "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds()
                + " s");
  }

  private static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private static String read(Path file) throws IOException {
    // Not readString: a tool's message in another encoding must not fail the run.
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  private static String tail(Path err) throws IOException {
    return new Result(-1, "", read(err)).stderrTail();
  }

  private static File nullDevice() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
