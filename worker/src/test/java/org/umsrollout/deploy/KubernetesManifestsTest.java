package org.umsrollout.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.temporal.envconfig.ClientConfigProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.activities.notify.WebhookActivitiesImpl;
import org.umsrollout.client.TemporalOptions;
import org.umsrollout.deploy.Tools.Run;
import org.umsrollout.worker.LogFormatForTests;
import org.umsrollout.worker.Main;
import org.umsrollout.worker.MetricsEndpoint;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The Kubernetes manifests are checked offline by kubeconform against the repository's own schemas
 * (never the network), which must also refuse a broken copy; and against the code where they repeat
 * it: the orchestrator's options, the probe paths, the metrics port, the variables read. Without
 * kubeconform the schema tests are skipped, except under CI, where {@code
 * .ci/install-deploy-tools.sh} installs it.
 */
@Tag("real-process")
class KubernetesManifestsTest {
  private static final Path KUBERNETES = Path.of("..", "deploy", "kubernetes");
  private static final Path SCHEMAS = KUBERNETES.resolve("schemas");
  private static final String KUBERNETES_VERSION = "1.34.3";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static Map<String, JsonNode> byKind;
  private static JsonNode pod;
  private static JsonNode container;

  @BeforeAll
  static void readManifests() throws IOException {
    byKind = new LinkedHashMap<>();
    for (Path file : manifests()) {
      JsonNode resource = YAML.readTree(file.toFile());
      assertThat(byKind.put(resource.path("kind").asText(), resource)).as(file.toString()).isNull();
    }
    pod = byKind.get("Deployment").at("/spec/template");
    assertThat(pod.at("/spec/containers")).hasSize(1);
    container = pod.at("/spec/containers/0");
  }

  @Test
  @DisplayName("kubeconform -strict with the repository's schemas only: every manifest valid")
  void manifestsAreValidForKubernetes() throws Exception {
    List<Path> files = manifests();

    Run run = kubeconform(files.stream().map(Path::toString).toArray(String[]::new));

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            files.size()
                + " resources found in "
                + files.size()
                + " files - Valid: "
                + files.size()
                + ", Invalid: 0, Errors: 0, Skipped: 0");
    assertThat(byKind.keySet())
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ConfigMap",
            "Secret",
            "PersistentVolumeClaim",
            "Deployment",
            "PodDisruptionBudget");
  }

  @Test
  @DisplayName(
      "kubeconform refuses a broken copy: replicas as a string, an unknown field, a kind"
          + " without a schema")
  void brokenManifestsAreRefused(@TempDir Path dir) throws Exception {
    String deployment = Files.readString(KUBERNETES.resolve("deployment.yaml"));
    Path stringReplicas =
        Files.writeString(
            dir.resolve("replicas.yaml"),
            replaceOnce(deployment, "replicas: 2", "replicas: \"2\""));
    Path unknownField =
        Files.writeString(
            dir.resolve("field.yaml"),
            replaceOnce(deployment, "serviceAccountName:", "serviceAcountName:"));
    Path noSchema =
        Files.writeString(
            dir.resolve("service.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n");

    Run replicas = kubeconform(stringReplicas.toString());
    Run field = kubeconform(unknownField.toString());
    Run service = kubeconform(noSchema.toString());

    assertThat(replicas.exit()).isNotZero();
    assertThat(replicas.output()).contains("/spec/replicas").contains("want integer");
    assertThat(field.exit()).isNotZero();
    assertThat(field.output()).contains("'serviceAcountName' not allowed");
    assertThat(service.exit()).as("no schema is no pass").isNotZero();
    assertThat(service.output()).contains("could not find schema for Service");
  }

  @Test
  @DisplayName("two replicas of the orchestrator command, with options it accepts")
  void deploymentRunsTheOrchestratorWithItsOwnOptions() {
    ParseResult orchestrator = parseArgs();

    assertThat(byKind.get("Deployment").at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(orchestrator.commandSpec().name()).isEqualTo("orchestrator");
    assertThat(orchestrator.matchedOptionValue("--metrics-bind", "127.0.0.1"))
        .as("probes and scrapes reach the pod's address, not its loopback")
        .isEqualTo("0.0.0.0");
    Path backupDir = orchestrator.matchedOptionValue("--backup-dir", null);
    assertThat(mountOf("backups")).contains(backupDir.toString());
  }

  @Test
  @DisplayName("probes and scrape annotations name the port and paths the orchestrator serves")
  void probesAndScrapeMatchTheMetricsEndpoint() {
    int metricsPort = parseArgs().matchedOptionValue("--metrics-port", -1);
    JsonNode annotations = pod.at("/metadata/annotations");
    JsonNode port = container.at("/ports/0");

    assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(annotations.path("prometheus.io/port").asText())
        .isEqualTo(String.valueOf(metricsPort));
    assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
    assertThat(port.path("containerPort").asInt()).isEqualTo(metricsPort);
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.at("/" + probe + "/httpGet/port").asText())
          .as(probe)
          .isEqualTo(port.path("name").asText());
    }
    assertThat(container.at("/startupProbe/httpGet/path").asText())
        .isEqualTo(MetricsEndpoint.LIVENESS);
    assertThat(container.at("/livenessProbe/httpGet/path").asText())
        .isEqualTo(MetricsEndpoint.LIVENESS);
    assertThat(container.at("/readinessProbe/httpGet/path").asText())
        .isEqualTo(MetricsEndpoint.READINESS);
  }

  @Test
  @DisplayName("every variable of the ConfigMap and the Secret is one the orchestrator reads")
  void environmentIsWhatTheCodeReads() throws IOException {
    Map<String, String> env = new HashMap<>();
    byKind
        .get("ConfigMap")
        .path("data")
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    byKind
        .get("Secret")
        .path("stringData")
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    TemporalOptions flags =
        (TemporalOptions)
            parseArgs().commandSpec().mixins().get("temporal").mixins().get("flags").userObject();
    JsonNode compose = YAML.readTree(Path.of("..", "deploy", "compose", "compose.yaml").toFile());
    List<String> composeVariables = new ArrayList<>();
    compose
        .at("/services/orchestrator/environment")
        .fieldNames()
        .forEachRemaining(composeVariables::add);
    // The inventory names the database password's variable; the compose file sets the usual one.
    String composeDbPassword =
        composeVariables.stream().filter(n -> n.startsWith("UMS_DB")).findFirst().orElseThrow();

    ClientConfigProfile profile = flags.profile(env);

    assertThat(env)
        .containsKeys(
            "TEMPORAL_ADDRESS",
            "TEMPORAL_NAMESPACE",
            "TEMPORAL_API_KEY",
            LogFormatForTests.VARIABLE);

    assertThat(profile.getAddress()).isEqualTo(env.get("TEMPORAL_ADDRESS"));
    assertThat(profile.getNamespace()).isEqualTo(env.get("TEMPORAL_NAMESPACE"));
    assertThat(profile.getApiKey()).isEqualTo(env.get("TEMPORAL_API_KEY"));
    assertThat(env.get(LogFormatForTests.VARIABLE)).isEqualTo("json");
    try {
      assertThatCode(() -> LogFormatForTests.use(env.get(LogFormatForTests.VARIABLE)))
          .doesNotThrowAnyException();
    } finally {
      LogFormatForTests.restoreTestConfiguration();
    }
    assertThat(env.keySet())
        .as("no variable that nothing reads")
        .isSubsetOf(
            "TEMPORAL_ADDRESS",
            "TEMPORAL_NAMESPACE",
            "TEMPORAL_API_KEY",
            LogFormatForTests.VARIABLE,
            WebhookActivitiesImpl.SECRET_VARIABLE,
            composeDbPassword)
        .contains(composeDbPassword);
    assertThat(container.has("env")).as("everything from the ConfigMap and the Secret").isFalse();
    assertThat(container.path("envFrom").findValuesAsText("name"))
        .containsExactly(name("ConfigMap"), name("Secret"));
  }

  @Test
  @DisplayName("the pieces fit: account, claim, budget and spread select what the others name")
  void resourcesReferToEachOther() {
    JsonNode spec = pod.path("spec");
    JsonNode labels = pod.at("/metadata/labels");

    assertThat(spec.path("serviceAccountName").asText()).isEqualTo(name("ServiceAccount"));
    assertThat(byKind.get("ServiceAccount").path("automountServiceAccountToken").asBoolean(true))
        .isFalse();
    assertThat(byKind.get("Deployment").at("/spec/selector/matchLabels")).isEqualTo(labels);
    assertThat(byKind.get("PodDisruptionBudget").at("/spec/selector/matchLabels"))
        .isEqualTo(labels);
    assertThat(byKind.get("PodDisruptionBudget").at("/spec/minAvailable").asInt()).isEqualTo(1);
    assertThat(spec.at("/topologySpreadConstraints/0/topologyKey").asText())
        .isEqualTo("kubernetes.io/hostname");
    assertThat(spec.at("/topologySpreadConstraints/0/labelSelector/matchLabels")).isEqualTo(labels);
    JsonNode backups = volume("backups");
    assertThat(backups.at("/persistentVolumeClaim/claimName").asText())
        .isEqualTo(name("PersistentVolumeClaim"));
    assertThat(byKind.get("PersistentVolumeClaim").at("/spec/accessModes/0").asText())
        .as("both replicas write backups")
        .isEqualTo("ReadWriteMany");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(spec.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(volume("tmp").has("emptyDir")).isTrue();
    assertThat(mountOf("tmp")).contains("/tmp");
    assertThat(container.at("/resources/requests").size()).isEqualTo(2);
    assertThat(container.at("/resources/limits").size()).isEqualTo(2);
  }

  private static ParseResult parseArgs() {
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    assertThat(container.has("command")).as("the image's entrypoint runs Main").isFalse();
    // Throws on an option or value the orchestrator does not accept.
    ParseResult parsed = new CommandLine(Main.class).parseArgs(args.toArray(String[]::new));
    assertThat(parsed.hasSubcommand()).isTrue();
    return parsed.subcommand();
  }

  private static String name(String kind) {
    return byKind.get(kind).at("/metadata/name").asText();
  }

  private static JsonNode volume(String name) {
    for (JsonNode v : pod.at("/spec/volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    return fail("no volume " + name);
  }

  private static Optional<String> mountOf(String volume) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("name").asText().equals(volume)) {
        return Optional.of(m.path("mountPath").asText());
      }
    }
    return Optional.empty();
  }

  private static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(KUBERNETES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static String replaceOnce(String text, String from, String to) {
    assertThat(text).containsOnlyOnce(from);
    return text.replace(from, to);
  }

  private static Run kubeconform(String... files) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.require("kubeconform").toString(),
                "-strict",
                "-summary",
                "-kubernetes-version",
                KUBERNETES_VERSION,
                "-schema-location",
                SCHEMAS.toString()));
    command.addAll(List.of(files));
    return Tools.run(60, command);
  }
}
