package org.umsrollout.workflows.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The inventory parser under a property-based fuzzer: random text, and the valid example mutated
 * line by line and character by character. Whatever it gets, it answers with an inventory or its
 * own clear error ({@link InventoryException}, naming the source), never another exception, and
 * never hangs.
 */
class InventoryFuzzTest {
  private static final String VALID = resource("/inventory/valid.yaml");
  private static final Duration BOUND = Duration.ofSeconds(5);

  @Property(tries = 400)
  void randomTextIsParsedOrRefusedClearly(@ForAll("randomText") String yaml) {
    parsedOrRefused(yaml);
  }

  @Property(tries = 800)
  void mutatedInventoryIsParsedOrRefusedClearly(@ForAll("mutated") String yaml) {
    parsedOrRefused(yaml);
  }

  private static void parsedOrRefused(String yaml) {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          try {
            InventoryParser.parse(yaml, "fuzz.yaml");
          } catch (InventoryException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.yaml");
          }
        });
  }

  @Provide
  Arbitrary<String> randomText() {
    return YamlFuzz.randomText();
  }

  @Provide
  Arbitrary<String> mutated() {
    return YamlFuzz.mutationsOf(VALID);
  }

  private static String resource(String name) {
    try (InputStream in = InventoryFuzzTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
