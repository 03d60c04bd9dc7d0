package org.umsrollout.activities.host.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.umsrollout.activities.host.local.LocalHostConfigLoader.LocalHostConfigException;
import org.umsrollout.workflows.inventory.YamlFuzz;

/**
 * The host agent's configuration loader under a property-based fuzzer: random text and the shipped
 * example mutated. It answers with a configuration or its own clear error, naming the file, never
 * another exception, and never hangs.
 */
class LocalHostConfigFuzzTest {
  private static final Path EXAMPLE = Path.of("..", "deploy", "examples", "local-host-linux.yaml");

  @Property(tries = 400)
  void randomTextIsLoadedOrRefusedClearly(@ForAll("randomText") String yaml) {
    loadedOrRefused(yaml);
  }

  @Property(tries = 800)
  void mutatedExampleIsLoadedOrRefusedClearly(@ForAll("mutated") String yaml) {
    loadedOrRefused(yaml);
  }

  private static void loadedOrRefused(String yaml) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          try {
            LocalHostConfigLoader.parse(yaml, "agent.yaml");
          } catch (LocalHostConfigException refused) {
            assertThat(refused.getMessage()).startsWith("agent.yaml");
          }
        });
  }

  @Provide
  Arbitrary<String> randomText() {
    return YamlFuzz.randomText();
  }

  @Provide
  Arbitrary<String> mutated() {
    try {
      return YamlFuzz.mutationsOf(Files.readString(EXAMPLE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
