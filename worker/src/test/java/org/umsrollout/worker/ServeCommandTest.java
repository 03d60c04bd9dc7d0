package org.umsrollout.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

  @Test
  void serveIsASubcommandWithItsIdentityOptions() {
    StringWriter out = new StringWriter();

    int code = Main.commandLine().setOut(new PrintWriter(out, true)).execute("serve", "--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("--port")
        .contains("--bind")
        .contains("--trusted-header")
        .contains("--tokens")
        .contains("--address");
  }
}
