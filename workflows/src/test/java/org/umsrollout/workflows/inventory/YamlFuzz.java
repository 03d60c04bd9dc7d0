package org.umsrollout.workflows.inventory;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of hostile YAML for the fuzz tests of every file the project reads. */
public final class YamlFuzz {
  private YamlFuzz() {}

  /** Random text, and text made of YAML's own tokens in random order. */
  public static Arbitrary<String> randomText() {
    Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(400);
    Arbitrary<String> yamlish =
        Arbitraries.of(
                "site: ",
                "database:",
                "  kind: ",
                "servers:",
                "  - host: ",
                "- ",
                ": ",
                "{",
                "}",
                "[",
                "]",
                "&a ",
                "*a",
                "!!binary ",
                "'",
                "\"",
                "\n",
                "  ",
                "#",
                "---\n",
                "...\n",
                "~",
                "12.05.100",
                "null",
                "<<: *a",
                "? ",
                "|\n",
                ">\n",
                "\t",
                "\\u0000")
            .list()
            .ofMaxSize(60)
            .map(parts -> String.join("", parts));
    return Arbitraries.oneOf(anything, yamlish);
  }

  /**
   * A valid file mutated once: a line removed, doubled, swapped with another, or junk put before,
   * after or over its end.
   */
  public static Arbitrary<String> mutationsOf(String valid) {
    List<String> lines = valid.lines().toList();
    Arbitrary<Integer> line = Arbitraries.integers().between(0, lines.size() - 1);
    Arbitrary<String> junk =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.of(
                ":",
                "- ",
                "  ",
                "\t",
                "[]",
                "{}",
                "''",
                "\"",
                "&x",
                "*x",
                "!!int",
                "-1",
                "99999999999999999999",
                "..",
                "/",
                "~",
                "null",
                "true",
                "12.05",
                "a: b: c"));
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
    Arbitrary<String> one =
        Combinators.combine(kind, line, line, junk)
            .as(
                (k, at, other, text) -> {
                  List<String> out = new ArrayList<>(lines);
                  switch (k) {
                    case 0 -> out.remove((int) at);
                    case 1 -> out.add(at, out.get(other));
                    case 2 -> out.set(at, out.get(at) + text);
                    case 3 -> out.set(at, text + out.get(at));
                    case 4 -> {
                      String swap = out.get(at);
                      out.set(at, out.get(other));
                      out.set(other, swap);
                    }
                    default -> {
                      String l = out.get(at);
                      int cut = Math.min(l.length(), text.length());
                      out.set(at, l.substring(0, l.length() - cut) + text);
                    }
                  }
                  return String.join("\n", out) + "\n";
                });
    return one;
  }
}
