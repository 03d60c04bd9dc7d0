package org.umsrollout.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void versionIsTheVersionThePomBuilds() {
    String pomVersion = System.getProperty("project.version");
    assertThat(pomVersion).as("project.version, set by the build for tests").isNotBlank();
    StringWriter out = new StringWriter();

    int code = Main.commandLine().setOut(new PrintWriter(out, true)).execute("--version");

    assertThat(code).isZero();
    assertThat(out.toString()).isEqualTo("ums-rollout " + pomVersion + System.lineSeparator());
  }
}
