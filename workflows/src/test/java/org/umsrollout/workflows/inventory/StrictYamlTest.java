package org.umsrollout.workflows.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader on its own: faults from the exceptions' structure, at the line the file gives. */
class StrictYamlTest {
  enum Mode {
    FAST,
    SLOW
  }

  record Probe(
      @JsonProperty(required = true) String name, Integer count, List<String> tags, Mode mode) {}

  private static final String VALID = "name: a\ncount: 2\ntags: [x, y]\nmode: fast\n";

  @Test
  void readsAValidFile() {
    Probe probe = StrictYaml.read(VALID, "p.yaml", Probe.class);

    assertThat(probe).isEqualTo(new Probe("a", 2, List.of("x", "y"), Mode.FAST));
  }

  @Test
  void saysWhatTheParserFoundWhereAnotherKindOfValueBelongs() {
    assertThat(fault(VALID.replace("count: 2", "count: [2]")).getMessage())
        .isEqualTo("p.yaml:2: count: expected a whole number, found a list");
    assertThat(fault(VALID.replace("tags: [x, y]", "tags: true")).getMessage())
        .isEqualTo("p.yaml:3: tags: expected a list, found true or false");
    assertThat(fault(VALID.replace("name: a", "name: {first: a}")).getMessage())
        .isEqualTo("p.yaml:1: name: expected a single value, found a mapping");
  }

  @Test
  void namesTheValueAndWhatIsAllowed() {
    assertThat(fault(VALID.replace("count: 2", "count: two")).getMessage())
        .isEqualTo("p.yaml:2: count: 'two' is not a whole number");
    assertThat(fault(VALID.replace("mode: fast", "mode: auto")).getMessage())
        .isEqualTo("p.yaml:4: mode: 'auto' is not allowed here; allowed: fast, slow");
    assertThat(fault(VALID.replace("mode: fast", "mode: [fast]")).getMessage())
        .isEqualTo("p.yaml:4: mode: expected one of fast, slow, found a list");
  }

  @Test
  void anUnknownFieldIsAtItsOwnLineNotWhereTheMappingEnds() {
    YamlFault f = fault(VALID.replace("count: 2", "cuont: 2"));

    assertThat(f.line()).isEqualTo(2);
    assertThat(f.field()).isNull();
    assertThat(f.problem())
        .isEqualTo("unknown field 'cuont' (known here: count, mode, name, tags)");
  }

  @Test
  void aMissingRequiredFieldIsAtTheLineOfItsMapping() {
    YamlFault f = fault(VALID.replace("name: a\n", ""));

    assertThat(f.getMessage())
        .isEqualTo("p.yaml:1: name: missing required field 'name' (found here: count, mode, tags)");
  }

  @Test
  void yamlThatDoesNotParseIsAtSnakeYamlsLineNotJacksons() {
    YamlFault f = fault(VALID.replace("mode: fast", "\tmode: fast"));

    assertThat(f.line()).isEqualTo(4);
    assertThat(f.field()).isNull();
    assertThat(f.problem())
        .startsWith("not valid YAML: while scanning for the next token; found character")
        .doesNotContain("\n");
  }

  @Test
  void theTopOfTheFileIsAMappingOfTheRequiredAndOptionalFields() {
    assertThat(fault("- a\n- b\n").getMessage())
        .isEqualTo(
            "p.yaml:1: expected a mapping with name and the optional fields at the top of the file");
  }

  @Test
  void aFileWithNothingOrOnlyNullIsEmpty() {
    assertThat(fault("  \n").getMessage()).isEqualTo("p.yaml: the file is empty");
    assertThat(fault("# only a comment\n").getMessage()).isEqualTo("p.yaml: the file is empty");
    assertThat(fault("~\n").getMessage()).isEqualTo("p.yaml: the file is empty");
  }

  @Test
  void aSecondDocumentIsRefusedAtItsLine() {
    YamlFault f = fault(VALID + "---\nname: b\n");

    assertThat(f.line()).isEqualTo(6);
    assertThat(f.problem()).contains("second YAML document");
  }

  private static YamlFault fault(String yaml) {
    YamlFault f =
        catchThrowableOfType(YamlFault.class, () -> StrictYaml.read(yaml, "p.yaml", Probe.class));
    assertThat(f).as("refusal of %s", yaml).isNotNull();
    assertThat(f.source()).isEqualTo("p.yaml");
    return f;
  }
}
