package org.umsrollout.bench;

import com.uber.m3.tally.Scope;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.umsrollout.client.TemporalConnection;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutSearchAttributes;

/** A Temporal service to measure on: the in-memory one, or the Temporal CLI's dev server. */
abstract class Backend implements AutoCloseable {
  abstract String name();

  abstract WorkflowClient client();

  @Override
  public abstract void close();

  /** The in-memory server in this JVM, as the demo and the lab tests run it (no time skipping). */
  static Backend inMemory(Scope metrics) {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(DataConverters.rollout())
                    .build())
            .setUseTimeskipping(false);
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options.build());
    RolloutSearchAttributes.REGISTRATION.forEach(env::registerSearchAttribute);
    return new Backend() {
      @Override
      String name() {
        return "in-memory";
      }

      @Override
      WorkflowClient client() {
        return env.getWorkflowClient();
      }

      @Override
      public void close() {
        env.close();
      }
    };
  }

  /** The dev server, on a free loopback port, with the rollout's search attributes. */
  static DevServer devServer(Path cli) {
    return new DevServer(cli);
  }

  /** A Temporal CLI dev server process this benchmark started, and ends. */
  static final class DevServer extends Backend {
    final String address;
    private final Process process;
    private final WorkflowServiceStubs service;
    private final WorkflowClient client;
    final long startMillis;

    DevServer(Path cli) {
      int port = freePort();
      address = "127.0.0.1:" + port;
      List<String> command =
          new ArrayList<>(
              List.of(
                  cli.toString(),
                  "server",
                  "start-dev",
                  "--port",
                  String.valueOf(port),
                  "--headless",
                  "--ip",
                  "127.0.0.1",
                  "--log-level",
                  "warn"));
      for (String flag : RolloutSearchAttributes.devServerFlags()) {
        command.add("--search-attribute");
        command.add(flag);
      }
      long at = System.currentTimeMillis();
      try {
        Path log = Files.createTempFile("ums-bench-temporal", ".log");
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the Temporal dev server", e);
      }
      service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      client = TemporalConnection.client(service, "default");
      long deadline = at + 60_000;
      while (true) {
        try {
          service
              .blockingStub()
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .getSystemInfo(
                  io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
          break;
        } catch (RuntimeException e) {
          if (!process.isAlive() || System.currentTimeMillis() > deadline) {
            close();
            throw new IllegalStateException("the Temporal dev server did not start", e);
          }
          Bench.pause(Duration.ofMillis(100));
        }
      }
      startMillis = System.currentTimeMillis() - at;
    }

    @Override
    String name() {
      return "dev server";
    }

    @Override
    WorkflowClient client() {
      return client;
    }

    @Override
    public void close() {
      service.shutdownNow();
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
