package org.umsrollout.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.umsrollout.client.rollouts.RolloutView;
import org.umsrollout.workflows.rollout.RolloutWorkflow;
import org.umsrollout.workflows.status.GateState;
import org.umsrollout.workflows.status.GateView;
import org.umsrollout.workflows.status.Phase;
import org.umsrollout.workflows.status.RolloutStatus;
import org.umsrollout.workflows.temporal.DataConverters;
import org.umsrollout.workflows.temporal.RolloutIds;

class UmsRolloutCliTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String SITE = "site-a";

  private TestRolloutService service;

  @BeforeEach
  void startService() {
    service = new TestRolloutService("site-a.yaml");
  }

  @AfterEach
  void stopService() {
    service.close();
  }

  @Test
  void startSubmitsTheInventoryAndStatusShowsTheFirstServerGateOpen() {
    CliRun start = start();

    assertThat(start.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(start.out())
        .contains("started the rollout of site site-a to 12.05.100")
        .contains("rollout/site-a")
        .contains("umsrollout watch --site site-a");
    awaitGate("first-server", GateState.OPEN);

    CliRun status = service.run("status", "--site", SITE);

    assertThat(status.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(status.out())
        .containsPattern("Phase:\\s+PREPARING")
        .contains("Waiting for:", "approval of gate first-server")
        .containsPattern("Progress:\\s+0 of 2 servers updated")
        .containsPattern("first-server\\s+OPEN\\s+operator")
        .containsPattern("remove-orphans\\s+NOT_NEEDED")
        .containsPattern("ums-srv-1\\s+SERVER_AND_LOAD_BALANCER\\s+CHECKED\\s+12.04.120\\s+NORMAL")
        .containsPattern("ums-console-1\\s+CONSOLE\\s+CHECKED\\s+12.04.120")
        .contains("verified)")
        .contains("waiting for approval of gate first-server");
  }

  @Test
  void startTakesTheVersionFromTheCommandLineOverTheFile() {
    CliRun start = start("--version", "12.05.101", "--by", "carol");

    assertThat(start.exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);
    RolloutStatus status = query();
    assertThat(status.targetVersion()).isEqualTo("12.05.101");
    assertThat(status.timeline().get(0).message()).endsWith("submitted by carol");
  }

  @Test
  void secondStartForARunningSiteIsRefusedNamingTheSiteAndTheRunningRun() {
    CliRun first = start();
    assertThat(first.exitCode()).isEqualTo(ExitCodes.OK);
    String runId = runIdOf(first.out());

    CliRun second = start("--version", "12.05.200");

    assertThat(second.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(second.err())
        .contains("a rollout for site site-a is already running")
        .contains("run id " + runId);
    assertThat(query().targetVersion()).isEqualTo("12.05.100");
  }

  @Test
  void approvalOfAnUnknownGateIsRefusedWithTheValidatorsReason() {
    start();
    awaitGate("first-server", GateState.OPEN);

    CliRun unknown = service.run("approve", "--site", SITE, "--gate", "second-server");

    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(unknown.err())
        .contains("approval of gate second-server refused")
        .contains("unknown gate 'second-server'")
        .contains("first-server");
    assertThat(gate(query(), "first-server").state()).isEqualTo(GateState.OPEN);
  }

  @Test
  void approvalOfAGateThatIsNotOpenIsRefused() {
    start();
    awaitGate("first-server", GateState.OPEN);

    CliRun early = service.run("approve", "--site", SITE, "--gate", "load-balancers");

    assertThat(early.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(early.err())
        .contains("gate 'load-balancers' is not open (it is NOT_REACHED)")
        .contains("open now: first-server");
  }

  @Test
  void anApprovalThePolicyRefusesExitsTwoWithTheReason(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("four-eyes.yaml");
    Files.writeString(file, Files.readString(service.inventory()) + "policy:\n  fourEyes: true\n");
    assertThat(service.run("start", "--inventory", file.toString(), "--by", "alice").exitCode())
        .isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);

    CliRun own = service.run("approve", "--site", SITE, "--gate", "first-server", "--by", "alice");

    assertThat(own.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(own.err())
        .contains("approval of gate first-server refused: alice submitted this rollout")
        .contains("four eyes");
    assertThat(gate(query(), "first-server").state()).isEqualTo(GateState.OPEN);
  }

  @Test
  void approvingTheGatesCompletesTheRolloutAndWatchExitsZero() throws Exception {
    String firstRun = runIdOf(start().out());
    CompletableFuture<CliRun> watch =
        CompletableFuture.supplyAsync(
            () -> service.run("watch", "--site", SITE, "--interval", "50ms"));
    awaitGate("first-server", GateState.OPEN);

    CliRun first =
        service.run(
            "approve",
            "--site",
            SITE,
            "--gate",
            "first-server",
            "--by",
            "alice",
            "--comment",
            "change window 42");
    assertThat(first.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(first.out()).contains("gate first-server APPROVED by alice");
    awaitGate("load-balancers", GateState.OPEN);
    CliRun second =
        service.run("approve", "--site", SITE, "--gate", "load-balancers", "--by", "alice");
    assertThat(second.exitCode()).isEqualTo(ExitCodes.OK);

    CliRun watched = watch.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(watched.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(watched.out())
        .contains("gate first-server approved by alice: change window 42")
        .contains("2 of 2 servers updated")
        .contains("ended: COMPLETED");
    RolloutStatus done = query();
    assertThat(done.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(done.hosts()).allSatisfy(h -> assertThat(h.version()).isEqualTo("12.05.100"));
    assertThat(gate(done, "first-server").decidedBy()).isEqualTo("alice");

    CliRun late = service.run("pause", "--site", SITE);
    assertThat(late.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(late.err()).contains("the rollout of site site-a has ended (COMPLETED)");
    CliRun again = start();
    assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.OK);
    assertThat(runIdOf(again.out())).isNotEqualTo(firstRun);
  }

  @Test
  void approvalBySignalIsTakenWithoutAnAnswer() {
    start();
    awaitGate("first-server", GateState.OPEN);

    CliRun signal =
        service.run("approve", "--site", SITE, "--gate", "first-server", "--signal", "--by", "dan");

    assertThat(signal.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(signal.out()).contains("approval (signal) of gate first-server sent");
    awaitGate("first-server", GateState.APPROVED);
    assertThat(gate(query(), "first-server").decidedBy()).isEqualTo("dan");
  }

  @Test
  void rejectingTheFirstServerGateEndsTheRolloutAndWatchExitsNonZero() {
    start();
    awaitGate("first-server", GateState.OPEN);

    CliRun reject =
        service.run(
            "reject",
            "--site",
            SITE,
            "--gate",
            "first-server",
            "--by",
            "erin",
            "--comment",
            "not today");
    assertThat(reject.exitCode()).isEqualTo(ExitCodes.OK);
    CliRun watched = service.run("watch", "--site", SITE, "--interval", "50ms");

    assertThat(watched.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(watched.out()).contains("ended: REJECTED");
    assertThat(service.lab().status("ums-srv-1").version()).isEqualTo("12.04.120");
  }

  @Test
  void watchEndsWhenTheWorkflowIsTerminatedOutsideTheRollout() {
    start();
    awaitGate("first-server", GateState.OPEN);
    WorkflowStub.fromTyped(
            service.client().newWorkflowStub(RolloutWorkflow.class, RolloutIds.workflowId(SITE)))
        .terminate("operator cleanup");

    CliRun watched = service.run("watch", "--site", SITE, "--interval", "50ms");
    CliRun status = service.run("status", "--site", SITE);

    assertThat(watched.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(watched.out()).contains("ended as TERMINATED while in phase PREPARING");
    assertThat(status.out()).contains("NOTE: the workflow ended as TERMINATED in phase PREPARING");
  }

  @Test
  void pauseHoldsTheRolloutBeforeTheFirstServerAndResumeLetsItGoOn() {
    start();
    awaitGate("first-server", GateState.OPEN);

    CliRun pause = service.run("pause", "--site", SITE, "--by", "bob", "--reason", "call");
    assertThat(pause.exitCode()).isEqualTo(ExitCodes.OK);
    service.run("approve", "--site", SITE, "--gate", "first-server");
    await().atMost(PATIENCE).until(() -> "resume (paused by bob)".equals(query().waitingFor()));

    assertThat(service.run("status", "--site", SITE).out())
        .containsPattern("Paused:\\s+yes, by bob")
        .containsPattern("Progress:\\s+0 of 2 servers updated");
    assertThat(service.lab().status("ums-srv-1").version()).isEqualTo("12.04.120");

    assertThat(service.run("resume", "--site", SITE).exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("load-balancers", GateState.OPEN);
    assertThat(query().serversUpdated()).isEqualTo(2);
  }

  @Test
  void abortPastThePointOfNoReturnNeedsConfirm() {
    start();
    awaitGate("first-server", GateState.OPEN);
    service.run("approve", "--site", SITE, "--gate", "first-server");
    awaitGate("load-balancers", GateState.OPEN);

    CliRun unconfirmed = service.run("abort", "--site", SITE, "--reason", "lb broken");

    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(unconfirmed.err())
        .contains("past the point of no return (S6)")
        .contains("--confirm");
    assertThat(query().phase()).isNotEqualTo(Phase.ABORTED);

    CliRun confirmed =
        service.run("abort", "--site", SITE, "--reason", "lb broken", "--confirm", "--by", "fay");

    assertThat(confirmed.exitCode()).isEqualTo(ExitCodes.OK);
    await().atMost(PATIENCE).until(() -> query().phase() == Phase.ABORTED);
    assertThat(query().timeline())
        .anySatisfy(e -> assertThat(e.message()).contains("aborted by fay: lb broken"));
  }

  @Test
  void statusJsonIsTheWholeRolloutStatus() throws Exception {
    start();
    awaitGate("first-server", GateState.OPEN);

    CliRun json = service.run("status", "--site", SITE, "--json");

    assertThat(json.exitCode()).isEqualTo(ExitCodes.OK);
    ObjectMapper mapper = DataConverters.objectMapper();
    RolloutView view = mapper.readValue(json.out(), RolloutView.class);
    assertThat(view.rolloutId()).isEqualTo("rollout/site-a");
    assertThat(view.runId()).isNotBlank();
    assertThat(view.site()).isEqualTo(SITE);
    assertThat(view.targetVersion()).isEqualTo("12.05.100");
    assertThat(view.workflowStatus()).isEqualTo("RUNNING");
    assertThat(view.outcome()).isEqualTo(RolloutView.RUNNING);
    assertThat(view.source()).isEqualTo(RolloutView.FROM_ORCHESTRATOR);
    assertThat(view.startedAt()).isNotBlank();
    assertThat(view.closedAt()).isNull();
    RolloutStatus parsed = view.status();
    assertThat(view.phase()).isEqualTo(parsed.phase().name());
    assertThat(parsed.rolloutId()).isEqualTo("rollout/site-a");
    assertThat(parsed.hosts()).hasSize(4);
    assertThat(gate(parsed, "first-server").state()).isEqualTo(GateState.OPEN);
  }

  @Test
  void statusOfASiteWithoutRolloutSaysSo() {
    CliRun status = service.run("status", "--site", "nowhere");

    assertThat(status.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(status.err()).contains("no rollout for site nowhere");
  }

  @Test
  void aMalformedInventoryIsRefusedNamingTheFileLineAndField() {
    Path bad = TestRolloutService.resource("bad-kind.yaml");

    CliRun start = service.run("start", "--inventory", bad.toString());

    assertThat(start.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(start.err())
        .startsWith(bad + ":3: database.kind: 'MYSQL' ")
        .containsIgnoringCase("embedded");
  }

  @Test
  void aMissingInventoryFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("site-x.yaml");

    CliRun start = service.run("start", "--inventory", missing.toString());

    assertThat(start.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(start.err()).contains("inventory file not found: " + missing);
  }

  @Test
  void anInventoryWithoutVersionNeedsTheVersionOption(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("no-version.yaml");
    Files.writeString(
        file, Files.readString(service.inventory()).replace("targetVersion: 12.05.100\n", ""));

    CliRun start = service.run("start", "--inventory", file.toString());

    assertThat(start.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(start.err()).contains("no target version: give --version X.Y.Z");
  }

  @Test
  void anUnreachableServiceIsNamedQuickly() {
    long started = System.nanoTime();

    CliRun status =
        CliRun.execute(
            new TemporalClientFactory(), "status", "--site", SITE, "--address", "127.0.0.1:1");

    assertThat(status.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(status.err()).startsWith("cannot reach Temporal at 127.0.0.1:1: ");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void listShowsEachRolloutsSitePhaseTargetAndOutcomeAndFilters() throws Exception {
    start();
    awaitGate("first-server", GateState.OPEN);
    service.run("reject", "--site", SITE, "--gate", "first-server", "--comment", "not today");
    await().atMost(PATIENCE).ignoreExceptions().until(() -> query().phase().isFinal());
    start("--version", "12.05.101");
    awaitGate("first-server", GateState.OPEN);

    CliRun all = service.run("list");
    CliRun running = service.run("list", "--running", "--json");
    CliRun rejected = service.run("list", "--phase", "rejected", "--target", "12.05.100");
    CliRun otherSite = service.run("list", "--site", "site-b");

    assertThat(all.exitCode()).as(all.err()).isEqualTo(ExitCodes.OK);
    assertThat(all.out().lines().toList())
        .hasSize(3)
        .satisfies(
            lines -> {
              assertThat(lines.get(0)).startsWith("SITE").contains("PHASE", "TARGET", "OUTCOME");
              assertThat(lines.get(1))
                  .containsPattern("site-a\\s+PREPARING\\s+12.05.101\\s+running");
              assertThat(lines.get(2))
                  .containsPattern("site-a\\s+REJECTED\\s+12.05.100\\s+REJECTED");
            });
    List<RolloutView> views =
        DataConverters.objectMapper()
            .readValue(
                running.out(),
                DataConverters.objectMapper()
                    .getTypeFactory()
                    .constructCollectionType(List.class, RolloutView.class));
    assertThat(views)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.targetVersion()).isEqualTo("12.05.101");
              assertThat(v.source()).isEqualTo(RolloutView.FROM_VISIBILITY);
              assertThat(v.status()).isNull();
            });
    assertThat(rejected.out().lines()).hasSize(2);
    assertThat(rejected.out()).contains("REJECTED").doesNotContain("12.05.101");
    assertThat(otherSite.out()).isEqualTo("no rollouts match" + System.lineSeparator());
  }

  @Test
  void listRefusesAPhaseThatDoesNotExist() {
    CliRun list = service.run("list", "--phase", "DONE");

    assertThat(list.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(list.err()).startsWith("no phase DONE; the phases: SUBMITTED, PREPARING");
  }

  @Test
  void globalOptionsAreTakenBeforeAndAfterTheSubcommand() {
    List<String> connections = new CopyOnWriteArrayList<>();
    ClientFactory recording =
        profile -> {
          connections.add(profile.getAddress() + " " + profile.getNamespace());
          throw CliException.failed("not connecting in this test");
        };

    CliRun before =
        CliRun.execute(recording, "--address", "temporal-a:7233", "status", "--site", SITE);
    CliRun after =
        CliRun.execute(
            recording,
            "status",
            "--site",
            SITE,
            "--address",
            "temporal-b:7233",
            "--namespace",
            "ums");

    assertThat(before.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(after.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(connections).containsExactly("temporal-a:7233 default", "temporal-b:7233 ums");
  }

  @Test
  void versionIsTheVersionThePomBuilds() {
    String pomVersion = System.getProperty("project.version");
    assertThat(pomVersion).as("project.version, set by the build for tests").isNotBlank();

    CliRun version =
        CliRun.execute(
            profile -> {
              throw new AssertionError("--version must not connect");
            },
            "--version");

    assertThat(version.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(version.out()).isEqualTo("umsrollout " + pomVersion + System.lineSeparator());
  }

  @Test
  void aUsageErrorExitsTwoWithoutConnecting() {
    ClientFactory none =
        profile -> {
          throw new AssertionError("a usage error must not connect");
        };

    CliRun noSite = CliRun.execute(none, "status");
    CliRun noGate = CliRun.execute(none, "approve", "--site", SITE);

    assertThat(noSite.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(noSite.err()).contains("Missing required option: '--site=<site>'");
    assertThat(noGate.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(noGate.err()).contains("--gate");
  }

  private CliRun start(String... extra) {
    String[] args = new String[3 + extra.length];
    args[0] = "start";
    args[1] = "--inventory";
    args[2] = service.inventory().toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return service.run(args);
  }

  private RolloutStatus query() {
    return service
        .client()
        .newWorkflowStub(RolloutWorkflow.class, RolloutIds.workflowId(SITE))
        .status();
  }

  private void awaitGate(String gate, GateState state) {
    await().atMost(PATIENCE).ignoreExceptions().until(() -> gate(query(), gate).state() == state);
  }

  private static GateView gate(RolloutStatus status, String id) {
    return status.gates().stream().filter(g -> g.gate().equals(id)).findFirst().orElseThrow();
  }

  private static String runIdOf(String startOutput) {
    Matcher m = Pattern.compile("run id\\s+(\\S+)").matcher(startOutput);
    assertThat(m.find()).as("run id in: %s", startOutput).isTrue();
    return m.group(1);
  }

  @Test
  void recheckClocksAnswersTheP5HoldAndOtherHoldAnswersAreRefused_P5() {
    service.lab().clockOffset("ums-srv-2", Duration.ofSeconds(120));
    assertThat(start().exitCode()).isEqualTo(ExitCodes.OK);
    await().atMost(PATIENCE).until(() -> "clocks".equals(query().heldAt()));

    CliRun wrongAnswer = service.run("skip-host", "--site", SITE, "--host", "ums-srv-2");
    assertThat(wrongAnswer.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(wrongAnswer.err()).contains("skip-host refused").contains("holds at clocks");

    service.lab().clockOffset("ums-srv-2", Duration.ZERO);
    CliRun recheck =
        service.run("recheck-clocks", "--site", SITE, "--by", "ops", "--reason", "ntp");

    assertThat(recheck.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(recheck.out()).contains("recheck-clocks taken by rollout/site-a");
    awaitGate("first-server", GateState.OPEN);
  }

  @Test
  void retryHostAnswersAFailedInstallHold() {
    assertThat(start().exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);
    // Rights lost after prepare checked them (P6) make the install itself fail.
    service.lab().rootWritable("ums-srv-2", false);
    service.run("approve", "--site", SITE, "--gate", "first-server");
    await().atMost(PATIENCE).until(() -> "ums-srv-2".equals(query().heldAt()));

    CliRun status = service.run("status", "--site", SITE);
    assertThat(status.out()).contains("/root is not writable");
    service.lab().rootWritable("ums-srv-2", true);
    CliRun retry = service.run("retry-host", "--site", SITE, "--host", "ums-srv-2");

    assertThat(retry.exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("load-balancers", GateState.OPEN);
    assertThat(service.lab().installsRun("ums-srv-2")).isEqualTo(1);
  }

  @Test
  void retryAnswersWhateverTheRolloutHoldsAtAndIsRefusedWhileItHoldsAtNothing() {
    assertThat(start().exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);

    CliRun early = service.run("retry", "--site", SITE);

    assertThat(early.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(early.err()).contains("retry refused: the rollout holds at nothing now");

    // Rights lost after prepare checked them (P6) make the install itself fail.
    service.lab().rootWritable("ums-srv-2", false);
    service.run("approve", "--site", SITE, "--gate", "first-server");
    await().atMost(PATIENCE).until(() -> "ums-srv-2".equals(query().heldAt()));
    service.lab().rootWritable("ums-srv-2", true);
    CliRun retry = service.run("retry", "--site", SITE, "--by", "ops", "--comment", "root fixed");

    assertThat(retry.exitCode()).as(retry.err()).isEqualTo(ExitCodes.OK);
    assertThat(retry.out()).contains("retry taken by rollout/site-a: retry ums-srv-2");
    awaitGate("load-balancers", GateState.OPEN);
    assertThat(service.lab().installsRun("ums-srv-2")).isEqualTo(1);
  }

  @Test
  void skipHostPastThePointOfNoReturnNeedsConfirm_S6() {
    assertThat(start().exitCode()).isEqualTo(ExitCodes.OK);
    awaitGate("first-server", GateState.OPEN);
    // Rights lost after prepare checked them (P6) make the install itself fail.
    service.lab().rootWritable("ums-srv-2", false);
    service.run("approve", "--site", SITE, "--gate", "first-server");
    await().atMost(PATIENCE).until(() -> "ums-srv-2".equals(query().heldAt()));

    CliRun unconfirmed = service.run("skip-host", "--site", SITE, "--host", "ums-srv-2");

    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(unconfirmed.err())
        .contains("skip-host refused: past the point of no return (S6) skipping server ums-srv-2")
        .contains("takes it out of the HA network")
        .contains("add --confirm");
    assertThat(query().heldAt()).isEqualTo("ums-srv-2");

    CliRun confirmed =
        service.run("skip-host", "--site", SITE, "--host", "ums-srv-2", "--confirm", "--by", "gus");

    assertThat(confirmed.exitCode()).as(confirmed.err()).isEqualTo(ExitCodes.OK);
    assertThat(confirmed.out()).contains("skip-host taken by rollout/site-a: skip ums-srv-2");
    assertThat(query().timeline())
        .anySatisfy(e -> assertThat(e.message()).contains("ums-srv-2 by gus"));
    assertThat(service.lab().installsRun("ums-srv-2")).isZero();
  }

  @Test
  void planListsTheStepsAndThePointOfNoReturnWithoutTemporal_S6() {
    CliRun plan =
        CliRun.execute(
            profile -> {
              throw new AssertionError("plan must not connect to Temporal");
            },
            "plan",
            "--inventory",
            service.inventory().toString());

    assertThat(plan.exitCode()).as(plan.err()).isEqualTo(ExitCodes.OK);
    assertThat(plan.out())
        .contains("Plan: rollout of site site-a to 12.05.100 (2 servers, 1 load balancers")
        .contains("gate first-server (waits for approval): POINT OF NO RETURN (S6)")
        .contains("install 12.05.100 on ums-srv-1 (1 of 2); change freeze begins (S2)")
        .contains("install 12.05.100 on ums-srv-2 (2 of 2); it renews the productive schema (S5)")
        .contains("Nothing was changed");
    assertThat(plan.out().indexOf("ums-srv-2 (2 of 2)"))
        .isLessThan(plan.out().indexOf("C1: install 12.05.100 on ums-lb-1"));
    assertThat(plan.out())
        .contains("P6: check the installer's rights on every server")
        .contains("S1/S3: check that another server serves, then install");
    assertThat(plan.out().indexOf("P3: back up"))
        .as("the backup comes before anything is deleted (P2, P3)")
        .isLessThan(plan.out().indexOf("P2: compare"));
    assertThat(service.lab().installsRun("ums-srv-1")).isZero();
  }
}
