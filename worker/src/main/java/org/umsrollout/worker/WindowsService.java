package org.umsrollout.worker;

import java.util.Arrays;

/**
 * The entry points for running a worker command as a Windows service under Apache Commons Daemon's
 * procrun in {@code jvm} mode (deploy/windows/install-agent-service.ps1): procrun loads the JVM
 * into its own service process and calls {@link #start} with the service's start parameters (for
 * the host agent: {@code agent --backend local --config ... --host ...}), and {@link #stop} when
 * the service is stopped. There is no separate java.exe to kill and no process tree is terminated:
 * the installer the agent started runs on when the service stops, and the restarted agent finds it
 * again by its state directory, as on Linux with systemd's {@code KillMode=process}.
 */
public final class WindowsService {
  private WindowsService() {}

  /** procrun's start method: runs the command until {@link #stop}; a failure ends the JVM. */
  public static void start(String[] args) {
    int code = run(args);
    if (code != 0) {
      // A non-zero exit makes procrun report the service as failed, so that the service's
      // recovery actions (restart) apply.
      System.exit(code);
    }
  }

  /** procrun's stop method: the same orderly stop as SIGTERM on Linux. */
  public static void stop(String[] args) {
    System.out.println(
        "service stop requested" + (args.length == 0 ? "" : " " + Arrays.toString(args)));
    Workers.requestStop();
  }

  /** What {@link #start} runs; returns the command's exit code. */
  static int run(String[] args) {
    Workers.clearStopRequest();
    try {
      LogFormat.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    return Main.commandLine().execute(args);
  }
}
