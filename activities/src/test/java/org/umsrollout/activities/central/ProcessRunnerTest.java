package org.umsrollout.activities.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The runner behind the vendors' backup tools (P3): output, timeout, heartbeat. */
class ProcessRunnerTest {

  @Test
  void capturesExitCodeOutputAndEnvironment_P3() throws Exception {
    ProcessRunner.Result result =
        ProcessRunner.run(
            List.of("sh", "-c", "echo out:$PGPASSWORD; echo err >&2; exit 4"),
            Map.of("PGPASSWORD", "from-env"),
            Duration.ofSeconds(30),
            () -> {});

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.stdout()).isEqualTo("out:from-env\n");
    assertThat(result.stderrTail()).isEqualTo("err");
  }

  @Test
  void heartbeatsWhileTheToolRuns_P3() throws Exception {
    AtomicInteger beats = new AtomicInteger();

    ProcessRunner.run(
        List.of("sleep", "2.5"), Map.of(), Duration.ofSeconds(30), beats::incrementAndGet);

    assertThat(beats.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void stopsAToolThatOutlivesItsTimeout_P3() {
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                ProcessRunner.run(
                    List.of("sh", "-c", "echo stuck >&2; sleep 60"),
                    Map.of(),
                    Duration.ofSeconds(1),
                    () -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("sh did not finish within PT1S and was stopped: stuck");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aCancelledActivityStopsTheTool_P3() {
    assertThatThrownBy(
            () ->
                ProcessRunner.run(
                    List.of("sleep", "60"),
                    Map.of(),
                    Duration.ofMinutes(1),
                    () -> {
                      throw new IllegalStateException("cancelled");
                    }))
        .hasMessage("cancelled");
  }

  @Test
  void aMissingToolSaysWhichOne_P3() {
    assertThatThrownBy(
            () ->
                ProcessRunner.run(
                    List.of("/nonexistent/pg_dump", "--version"),
                    Map.of(),
                    Duration.ofSeconds(5),
                    () -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot run /nonexistent/pg_dump");
  }

  @Test
  void heartbeatOutsideAnActivityDoesNothing_P3() {
    Runnable heartbeat = ProcessRunner.activityHeartbeat("pg_dump");

    assertThatCode(heartbeat::run).doesNotThrowAnyException();
  }
}
