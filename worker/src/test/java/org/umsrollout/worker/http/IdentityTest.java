package org.umsrollout.worker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {

  @Test
  void theLocalUserOnlyOnLoopbackWithNothingConfigured() {
    assertThat(Identity.configured(null, null, true).localOperator())
        .isEqualTo(System.getProperty("user.name"));
    assertThat(Identity.configured(null, null, false).localOperator()).isNull();
    assertThat(Identity.configured("X-Forwarded-User", null, true).localOperator()).isNull();
  }

  @Test
  void readsTokensAndRefusesShortOnes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    Files.writeString(file, "# token operator\nabcdefghijklmnop0123 alice\n\n");
    Identity identity = Identity.configured(null, file, true);
    assertThat(identity.tokens()).containsEntry("abcdefghijklmnop0123", "alice");
    assertThat(identity.localOperator()).isNull();

    Files.writeString(file, "short bob\n");
    assertThatThrownBy(() -> Identity.readTokens(file))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loopbackAddresses() {
    assertThat(Dashboard.isLoopback("127.0.0.1")).isTrue();
    assertThat(Dashboard.isLoopback("localhost")).isTrue();
    assertThat(Dashboard.isLoopback("0.0.0.0")).isFalse();
  }
}
