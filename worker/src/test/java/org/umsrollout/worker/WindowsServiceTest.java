package org.umsrollout.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * The procrun entry points of the Windows service: {@code start} runs a worker command until {@code
 * stop} is called in the same JVM (no signal, no process kill), and a stop that comes before the
 * command has reached its wait is not lost.
 */
class WindowsServiceTest {
  private static final Path INSTALL_SCRIPT =
      Path.of("..", "deploy", "windows", "install-agent-service.ps1");

  @TempDir Path dir;

  @Test
  void stopEndsTheCommandThatStartRuns() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port)) {
      String[] args = {
        "orchestrator",
        "--address",
        "127.0.0.1:" + port,
        "--namespace",
        "default",
        "--backup-dir",
        dir.resolve("backups").toString()
      };
      CompletableFuture<Integer> service =
          CompletableFuture.supplyAsync(() -> WindowsService.run(args));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Workers.waiting() == 1 || service.isDone());
      assertThat(service).as("still running until stopped").isNotDone();

      WindowsService.stop(new String[0]);

      assertThat(service.get(30, TimeUnit.SECONDS)).isZero();
      assertThat(Workers.waiting()).isZero();
    }
  }

  @Test
  void theInstallScriptNamesTheseEntryPointsAndTheAgentsArguments() throws Exception {
    String script = Files.readString(INSTALL_SCRIPT);
    Map<String, String> options = new HashMap<>();
    Matcher option = Pattern.compile("'--(\\w+)=([^'\"]*)'").matcher(script);
    while (option.find()) {
      options.put(option.group(1), option.group(2));
    }
    // jvm mode on both ends: the JVM lives in procrun's service process, no child java.exe
    assertThat(options)
        .containsEntry("StartMode", "jvm")
        .containsEntry("StopMode", "jvm")
        .containsEntry("ServiceUser", "LocalSystem")
        .containsEntry("Startup", "auto")
        .containsEntry("JvmOptions", "-Xrs");
    for (String end : List.of("Start", "Stop")) {
      Method method =
          Class.forName(options.get(end + "Class"))
              .getMethod(options.get(end + "Method"), String[].class);
      assertThat(Modifier.isStatic(method.getModifiers())).as(end).isTrue();
      assertThat(method.getReturnType()).as(end).isEqualTo(void.class);
    }

    Matcher startParams = Pattern.compile("\\$startParams = @\\(([^)]*)\\)").matcher(script);
    assertThat(startParams.find()).as("$startParams in the script").isTrue();
    List<String> args = new ArrayList<>();
    for (String item : startParams.group(1).split(",")) {
      String value = item.strip();
      args.add(
          switch (value) {
            case "$Config" -> "C:\\ProgramData\\ums-rollout-agent\\host.yaml";
            case "$HostName" -> "ums-node-1";
            default -> value.replaceAll("^'(.*)'$", "$1");
          });
    }
    ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
    AgentCommand agent = (AgentCommand) parsed.subcommand().commandSpec().userObject();
    assertThat(agent.backend).isEqualTo(AgentCommand.Backend.local);
    assertThat(agent.hosts).containsExactly("ums-node-1");
    assertThat(agent.config).hasToString("C:\\ProgramData\\ums-rollout-agent\\host.yaml");
    // No secret in the parameters unless asked for: the connection comes from a config file.
    assertThat(script).contains("TEMPORAL_CONFIG_FILE=$TemporalConfigFile");
    assertThat(script).doesNotContain("TEMPORAL_API_KEY");
  }

  @Test
  void aStopBeforeTheWaitIsKept() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkerFactory factory = env.getWorkerFactory();
      AtomicBoolean cleanedUp = new AtomicBoolean();
      Workers.requestStop();
      try {
        CompletableFuture<Void> run =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    Workers.runUntilStopped(factory, () -> cleanedUp.set(true));
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
        run.get(30, TimeUnit.SECONDS);
      } finally {
        Workers.clearStopRequest();
      }
      assertThat(cleanedUp).isTrue();
      assertThat(factory.isShutdown()).isTrue();
    }
  }
}
