package org.umsrollout.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.umsrollout.worker.http.Dashboard;
import org.umsrollout.worker.http.Identity;
import org.umsrollout.workflows.model.Gate;
import org.umsrollout.workflows.status.GateState;

/**
 * The dashboard in a real browser (Debian's chromium and chromedriver) against a lab rollout: the
 * list, one rollout, a gate approved by a click and seen passed; a change without identity refused.
 * Leaves a screenshot in target/dashboard.png (the README's docs/dashboard.png is a copy of it).
 */
@Tag("real-process")
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String FIRST = Gate.FIRST_SERVER.id();

  private LabRollout lab;
  private ChromeDriver browser;
  private Dashboard dashboard;
  private Dashboard readOnly;

  @BeforeEach
  void startBrowser(@TempDir Path profile) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String message = "chromium or chromedriver missing (.ci/install-browser.sh installs them)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true: " + message);
      }
      Assumptions.abort(message);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1300",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    for (Dashboard d : new Dashboard[] {dashboard, readOnly}) {
      if (d != null) {
        d.close();
      }
    }
    if (lab != null) {
      lab.close();
    }
  }

  private String gateState() {
    return browser.findElement(By.cssSelector("#gate-" + FIRST + " .state")).getText();
  }

  @Test
  void listOpenApproveByClickingAndSeeItPass() throws Exception {
    lab = new LabRollout();
    RolloutWorkflow rollout = lab.start();
    lab.awaitOpenGate(rollout, FIRST);
    dashboard =
        Dashboard.start(lab.client, new Identity(null, Map.of(), "operator-a"), "127.0.0.1", 0);
    readOnly =
        Dashboard.start(
            lab.client, new Identity("X-Forwarded-User", Map.of(), null), "127.0.0.1", 0);

    // Without identity: the page offers no decision, and a POST from the page is refused.
    String unauthenticated = "http://127.0.0.1:" + readOnly.port();
    browser.get(unauthenticated + "/rollouts/" + lab.inventory.site());
    assertThat(browser.findElements(By.cssSelector("button.approve"))).isEmpty();
    Object status =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {method: 'POST'}).then(r => done(r.status));",
                unauthenticated
                    + "/api/rollouts/"
                    + lab.inventory.site()
                    + "/gates/"
                    + FIRST
                    + "/approve");
    assertThat(status).isEqualTo(401L);
    assertThat(gateState()).isEqualTo("OPEN");

    // Signed in: the list, the rollout, approve by clicking.
    browser.get("http://127.0.0.1:" + dashboard.port() + "/");
    assertThat(browser.findElement(By.id("rollouts")).getText()).contains(lab.inventory.site());
    browser.findElement(By.cssSelector("a.rollout")).click();
    assertThat(browser.findElement(By.id("hosts")).getText()).contains("ums-srv-1");
    assertThat(gateState()).isEqualTo("OPEN");
    browser
        .findElement(By.cssSelector("#gate-" + FIRST + " input[name=reason]"))
        .sendKeys("canary ok");
    browser.findElement(By.cssSelector("#gate-" + FIRST + " button.approve")).click();

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> gateState().equals("APPROVED"));
    assertThat(browser.findElement(By.id("gate-" + FIRST)).getText())
        .contains("operator-a")
        .contains("canary ok");
    assertThat(lab.awaitOpenGate(rollout, Gate.LOAD_BALANCERS.id()).gates())
        .anyMatch(g -> g.gate().equals(FIRST) && g.state() == GateState.APPROVED);

    browser.navigate().refresh();
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(Path.of("target"));
    Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
