package org.umsrollout.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The worker's entry point started as its own {@code java} process on the test class path, the way
 * the durability rig starts the orchestrator and agents. Failsafe runs it on the packaged jar, so
 * this needs no Temporal CLI to show that the rig's processes can start there.
 */
@Tag("real-process")
class MainProcessTest {

  @Test
  void entryPointRunsAsAProcessOnTheTestClassPath() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                List.of(java, "-cp", classpath, "org.umsrollout.worker.Main", "--version"))
            .redirectErrorStream(true)
            .start();

    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(ended).as("ended within a minute").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("ums-rollout " + System.getProperty("project.version"));
  }
}
