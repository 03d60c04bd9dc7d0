package org.umsrollout.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UmsVersionTest {

  @Test
  void parsesAndFormatsTheVendorsNotation() {
    UmsVersion version = UmsVersion.parse("12.05.100");

    assertThat(version.major()).isEqualTo(12);
    assertThat(version.minor()).isEqualTo(5);
    assertThat(version.build()).isEqualTo(100);
    assertThat(version.toString()).isEqualTo("12.05.100");
  }

  @Test
  void writesTheMinorWithTwoDigitsWhateverItWasGivenAs() {
    assertThat(UmsVersion.parse("12.5.100").toString()).isEqualTo("12.05.100");
    assertThat(UmsVersion.parse("12.5.100")).isEqualTo(UmsVersion.parse("12.05.100"));
    assertThat(UmsVersion.parse("12.5.100").hashCode())
        .isEqualTo(UmsVersion.parse("12.05.100").hashCode());
  }

  @Test
  void ordersByMajorThenMinorThenBuildAsNumbers() {
    List<UmsVersion> sorted =
        List.of("12.05.140", "12.04.120", "12.05.20", "11.99.999", "12.05.100").stream()
            .map(UmsVersion::parse)
            .sorted()
            .toList();

    assertThat(sorted)
        .extracting(UmsVersion::toString)
        .containsExactly("11.99.999", "12.04.120", "12.05.20", "12.05.100", "12.05.140");
    assertThat(UmsVersion.parse("12.05.120").isOlderThan(UmsVersion.parse("12.05.140"))).isTrue();
    assertThat(UmsVersion.parse("12.05.140").isOlderThan(UmsVersion.parse("12.05.120"))).isFalse();
  }

  @Test
  void schemaVersionIsMajorMinor() {
    assertThat(UmsVersion.parse("12.05.100").schemaVersion()).isEqualTo("12.05");
    assertThat(UmsVersion.parse("12.5.140").schemaVersion()).isEqualTo("12.05");
    assertThat(UmsVersion.parse("12.05.140").sameMajorMinor(UmsVersion.parse("12.05.100")))
        .isTrue();
    assertThat(UmsVersion.parse("12.05.140").sameMajorMinor(UmsVersion.parse("12.04.140")))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12.05", "12.05.100.1", "v12.05.100", "12.05.x", "12-05-100"})
  void refusesWhatIsNotMajorMinorBuildAndQuotesTheInput(String text) {
    assertThat(UmsVersion.isValid(text)).isFalse();
    assertThatThrownBy(() -> UmsVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("Major.Minor.Build");
  }

  @Test
  void refusesNullWithAMessage() {
    assertThat(UmsVersion.isValid(null)).isFalse();
    assertThatThrownBy(() -> UmsVersion.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Major.Minor.Build");
  }

  @Test
  void travelsInJsonAsAPlainString() throws Exception {
    ObjectMapper json = new ObjectMapper();

    String written = json.writeValueAsString(UmsVersion.parse("12.5.100"));

    assertThat(written).isEqualTo("\"12.05.100\"");
    assertThat(json.readValue(written, UmsVersion.class)).isEqualTo(UmsVersion.parse("12.05.100"));
  }
}
