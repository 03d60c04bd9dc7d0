package org.umsrollout.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.deploy.Tools.Run;

/**
 * The orchestrator image that Jib writes to {@code target/jib-image.tar} (profile {@code image}),
 * read as a container runtime reads it: its configuration from the tar, and its layers unpacked in
 * order into a root file system in which the entrypoint runs, in its own mount and PID namespace,
 * with the runtime's {@code /dev} and {@code /proc}, as the image's user and with only the image's
 * environment. No engine is needed; root is (as under CI). Without the image the tests are skipped,
 * except under CI, where {@code .ci/install-image-base.sh} builds the base the image needs.
 */
@Tag("real-process")
class ContainerImageTest {
  private static final Path IMAGE = Path.of("target", "jib-image.tar");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static JsonNode config;
  private static List<String> layers;

  @BeforeAll
  static void readImage() throws Exception {
    requireImage();
    Path tar = Files.createDirectories(work.resolve("tar"));
    Tools.run(120, "tar", "-xf", IMAGE.toAbsolutePath().toString(), "-C", tar.toString());
    JsonNode manifest = JSON.readTree(tar.resolve("manifest.json").toFile()).get(0);
    config = JSON.readTree(tar.resolve(manifest.get("Config").asText()).toFile());
    layers = new ArrayList<>();
    manifest.get("Layers").forEach(layer -> layers.add(tar.resolve(layer.asText()).toString()));
  }

  /** The unpacked image holds absolute links (/etc/alternatives): removed here, not followed. */
  @AfterAll
  static void removeRootFileSystem() throws Exception {
    Tools.run(120, "rm", "-rf", "--one-file-system", work.resolve("rootfs").toString());
  }

  @Test
  @DisplayName("image: the worker's Main as entrypoint, the orchestrator by default, not as root")
  void configurationIsTheOrchestratorsAsAnUnprivilegedUser() {
    JsonNode container = config.get("config");
    assertThat(texts(container.get("Entrypoint")))
        .startsWith("java")
        .endsWith("org.umsrollout.worker.Main");
    assertThat(texts(container.get("Cmd")))
        .containsExactly("orchestrator", "--backup-dir", "/var/lib/ums-rollout/backups");
    assertThat(container.get("User").asText()).isEqualTo("10001:10001");
    assertThat(container.get("Labels").get("org.opencontainers.image.version").asText())
        .isEqualTo(System.getProperty("project.version"));
    // Secrets come from the environment a deployment gives, never from the image.
    assertThat(texts(container.get("Env")))
        .noneMatch(env -> env.matches("(?i).*(password|api_key|token|secret).*"));
    assertThat(layers).hasSize(config.get("rootfs").get("diff_ids").size());
  }

  @Test
  @DisplayName("image: compose and Kubernetes run it as its user, with its backups directory")
  void deploymentFilesAgreeWithTheImage() throws Exception {
    JsonNode container = config.get("config");
    List<String> cmd = texts(container.get("Cmd"));
    String backups = cmd.get(cmd.indexOf("--backup-dir") + 1);
    String[] user = container.get("User").asText().split(":");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    JsonNode compose =
        yaml.readTree(Path.of("..", "deploy", "compose", "compose.yaml").toFile())
            .at("/services/orchestrator");
    assertThat(texts(compose.get("command"))).containsSubsequence("--backup-dir", backups);
    assertThat(texts(compose.get("volumes"))).anyMatch(v -> v.endsWith(":" + backups));

    JsonNode pod =
        yaml.readTree(Path.of("..", "deploy", "kubernetes", "deployment.yaml").toFile())
            .at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsUser").asText()).isEqualTo(user[0]);
    assertThat(pod.at("/securityContext/runAsGroup").asText()).isEqualTo(user[1]);
    JsonNode orchestrator = pod.at("/containers/0");
    assertThat(texts(orchestrator.get("args"))).containsSubsequence("--backup-dir", backups);
    assertThat(orchestrator.get("volumeMounts").findValuesAsText("mountPath")).contains(backups);
  }

  @Test
  @DisplayName(
      "image: its own Java runs the demo rollout to the end as uid 10001; pg_dump is there")
  void runsTheDemoRolloutInsideTheImage() throws Exception {
    Path root = Files.createDirectories(work.resolve("rootfs"));
    for (String layer : layers) {
      Tools.run(120, "tar", "--numeric-owner", "-xzf", layer, "-C", root.toString());
    }
    PosixFileAttributes backups =
        Files.readAttributes(
            root.resolve("var/lib/ums-rollout/backups"), PosixFileAttributes.class);
    assertThat(PosixFilePermissions.toString(backups.permissions())).isEqualTo("rwx------");
    assertThat(Tools.run(10, "stat", "-c", "%u:%g", root + "/var/lib/ums-rollout/backups").output())
        .startsWith("10001:10001");

    // The backup of a PostgreSQL productive database (P3) runs pg_dump and checks it with
    // pg_restore, from the PATH.
    for (String tool : List.of("pg_dump", "pg_restore")) {
      Run toolVersion = runInImage(root, 30, List.of(tool, "--version"));
      assertThat(toolVersion.exit()).as(toolVersion.output()).isZero();
      assertThat(toolVersion.output()).contains("(PostgreSQL)");
    }

    // Compose's health check runs its tool inside the image.
    JsonNode healthCheck =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("..", "deploy", "compose", "compose.yaml").toFile())
            .at("/services/orchestrator/healthcheck/test");
    Run checkTool = runInImage(root, 30, List.of(healthCheck.get(1).asText(), "--version"));
    assertThat(checkTool.exit()).as(checkTool.output()).isZero();

    Run version = inImage(root, 60, "--version");
    assertThat(version.exit()).as(version.output()).isZero();
    assertThat(version.output()).contains(System.getProperty("project.version"));

    Run demo = inImage(root, 240, "demo", "--auto-approve", "--port", String.valueOf(freePort()));
    assertThat(demo.exit()).as(demo.output()).isZero();
    assertThat(demo.output()).contains("DONE: COMPLETED", "every host runs 12.05.100");
  }

  /**
   * The image's entrypoint with these arguments, as a runtime starts it: new mount and PID
   * namespaces, the host's /dev and a fresh /proc, the root switched to the unpacked image, its
   * working directory, its user and group, and nothing of this process's environment.
   */
  private static Run inImage(Path root, int seconds, String... args) throws Exception {
    List<String> command = new ArrayList<>(texts(config.get("config").get("Entrypoint")));
    command.addAll(List.of(args));
    return runInImage(root, seconds, command);
  }

  /** Any command of the image, started as {@link #inImage} starts the entrypoint. */
  private static Run runInImage(Path root, int seconds, List<String> argv) throws Exception {
    JsonNode container = config.get("config");
    String[] user = container.get("User").asText().split(":");
    List<String> inside = new ArrayList<>();
    inside.addAll(
        List.of(
            "setpriv",
            "--reuid=" + user[0],
            "--regid=" + user[1],
            "--clear-groups",
            "--",
            "env",
            "-i"));
    inside.addAll(texts(container.get("Env")));
    inside.addAll(argv);
    String script =
        "mount --rbind /dev \"$1/dev\" && mount -t proc proc \"$1/proc\" && cd \"$1\" && "
            + "shift && exec chroot . sh -c 'cd \"$0\" && exec \"$@\"' \"$@\"";
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "sh",
                "-c",
                script,
                "image",
                root.toString(),
                container.get("WorkingDir").asText()));
    command.addAll(inside);
    return Tools.run(seconds, command);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void requireImage() throws Exception {
    String missing = null;
    if (!Files.isRegularFile(IMAGE)) {
      missing =
          IMAGE
              + " not built: the image profile needs deploy/image/build/base-image.tar"
              + " (.ci/install-image-base.sh builds it)";
    } else if (!"0".equals(Tools.run(10, "id", "-u").output().strip())) {
      missing = "running the image without an engine needs root (unshare, chroot)";
    }
    if (missing != null) {
      Tools.skipOrFail(missing);
    }
  }
}
