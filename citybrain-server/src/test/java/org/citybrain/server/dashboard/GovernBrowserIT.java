package org.citybrain.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.server.dashboard.HeadlessChromium.choose;
import static org.citybrain.server.dashboard.HeadlessChromium.waitIn;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.citybrain.govern.cases.CaseSource;
import org.citybrain.govern.cases.Cases;
import org.citybrain.govern.cases.GovernanceConfig;
import org.citybrain.server.CityBrainServer;
import org.citybrain.server.ServerClient;
import org.citybrain.server.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The governance part of the dashboard in headless Chromium, on the shipped governance example:
 * a case reported through the API shows on the list and the map, its timeline opens, an operator
 * registers and dispatches it from the page (the new transitions appear, the case moves between
 * the departments' cards), a change made behind the page's back gives a clear conflict, closing
 * it changes the department's handling-time figures; a viewer is offered no action; with 1,200 cases
 * in the store, the list is the server's pages and counts, and the very first case is found through
 * the filters and the pages. At a laptop's
 * and a phone's size, without console errors. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + GovernBrowserIT.ADMIN, "citybrain.congestion.interval=1h",
                "citybrain.dashboard.update-interval=200ms"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "org.citybrain.server.dashboard.HeadlessChromium#installed", disabledReason = HeadlessChromium.MISSING)
class GovernBrowserIT {
    static final String ADMIN = "admin-token-for-the-govern-browser-tests";
    static final Path data = TestData.newDirectory();
    static final String ROUTED = "dongcheng-urban-management"; // the shipped routes send Dongcheng's potholes there
    static final String OTHER = "city-operations";

    @LocalServerPort
    int port;
    ServerClient client;
    String operator;
    String viewer;

    /** Cases in the store before the server starts: more than the newest 1,000 the page once read. */
    static final int SEEDED = 1_200;
    /** Of them, the oldest {@value} are noise complaints: the very first, {@link #FIRST}, is the one to find. */
    static final int NOISE = 150;
    static final String FIRST = "C-1";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        seed();
        registry.add("citybrain.data-dir", data::toString);
    }

    /** Writes the seeded cases through the real embedded store, all reported two hours ago (ties: by number). */
    private static void seed() {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        try (Cases cases = Cases.open(data.resolve("govern").resolve("cases.log"), GovernanceConfig.defaults(), twoHoursAgo)) {
            for (int i = 1; i <= SEEDED; i++) {
                boolean noise = i <= NOISE;
                cases.report(new Cases.Report(CaseSource.INSPECTOR, noise ? "noise" : "waste",
                        (noise ? "Night-time drilling, complaint " : "Overflowing bin, report ") + i, Optional.empty(),
                        Optional.empty(), "seed", Optional.empty(), List.of()));
            }
        }
    }

    @BeforeAll
    void users() {
        client = new ServerClient(port);
        operator = client.newUser(ADMIN, "olga", "OPERATOR");
        viewer = client.newUser(ADMIN, "victor", "VIEWER");
    }

    private long total(String query) {
        ServerClient.Response r = client.get("/api/govern/cases?count=true&limit=0" + query, viewer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Long.parseLong(r.header("X-Total-Count").orElseThrow());
    }

    private String reportPothole(String description) {
        ServerClient.Response r = client.post("/api/govern/cases", operator, "{\"category\":\"pothole\",\"description\":\""
                + description + "\",\"location\":{\"lat\":39.915,\"long\":116.404},\"source\":\"INSPECTOR\","
                + "\"attachments\":[\"https://photos.example/hole.jpg\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("department").asText()).isEqualTo(ROUTED);
        return r.json().get("id").asText();
    }

    private void signIn(ChromeDriver driver, String token) {
        HeadlessChromium.signIn(driver, port, token);
    }

    /** Signs in with the answer of {@code GET /api/govern/choices} held back {@code late}, as by a loaded server. */
    private void signInWithChoicesLate(ChromeDriver driver, String token, Duration late) {
        HeadlessChromium.signIn(driver, port, token, """
                var fetchNow = window.fetch;
                window.fetch = function (path, options) {
                  var answer = fetchNow.call(window, path, options);
                  return String(path).indexOf('/api/govern/choices') < 0 ? answer : answer.then(function (r) {
                    return new Promise(function (resolve) { setTimeout(function () { resolve(r); }, %d); });
                  });
                };""".formatted(late.toMillis()));
    }

    private void click(ChromeDriver driver, By what) {
        waitIn(driver).until(d -> {
            List<WebElement> found = d.findElements(what);
            if (found.isEmpty() || !found.get(0).isEnabled()) {
                return false;
            }
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", found.get(0));
            found.get(0).click();
            return true;
        });
    }

    private String text(ChromeDriver driver, By what) {
        return waitIn(driver).until(d -> d.findElements(what).isEmpty() ? null : d.findElement(what).getText());
    }

    /** A figure on a department's card, once the card is there. */
    private String card(ChromeDriver driver, String department, String figure) {
        return text(driver, By.cssSelector(".dept-kpi[data-department='" + department + "'] ." + figure));
    }

    private static By timeline() {
        return By.cssSelector("#case-detail ol.timeline li");
    }

    private void waitForTimeline(ChromeDriver driver, String id, int entries) {
        waitIn(driver).until(d -> id.equals(d.findElement(By.id("case-detail")).getAttribute("data-id"))
                && d.findElements(timeline()).size() == entries);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1366, 768", "390, 844"})
    void anOperatorFollowsACaseFromTheListAndTheMapThroughDispatchToClosure(int width, int height) {
        String id = reportPothole("Deep hole in the bus lane, seen at " + width + " px");
        try (HeadlessChromium browser = new HeadlessChromium(width, height)) {
            ChromeDriver driver = browser.driver();
            signIn(driver, operator);

            // on the list, new (blue), and on the map as a marker of its status
            By item = By.cssSelector("#cases li[data-id='" + id + "']");
            assertThat(text(driver, item)).contains(id + " · pothole").contains("Deep hole in the bus lane")
                    .contains(ROUTED).contains("reported");
            By marker = By.cssSelector("#map path.case-marker[data-id='" + id + "']");
            WebElement dot = waitIn(driver).until(d -> d.findElements(marker).isEmpty() ? null : d.findElement(marker));
            assertThat(dot.getAttribute("fill")).isEqualTo("#1f6feb");
            assertThat(dot.getAttribute("data-status")).isEqualTo("REPORTED");
            browser.screenshot("govern-map-" + width + "x" + height);
            int routedOpen = Integer.parseInt(card(driver, ROUTED, "open"));
            int otherOpen = driver.findElements(By.cssSelector(".dept-kpi[data-department='" + OTHER + "']")).isEmpty() ? 0
                    : Integer.parseInt(card(driver, OTHER, "open"));
            String closedBefore = card(driver, "all", "basis");

            // filters: another status hides it, its own shows it
            choose(driver, "filter-status", "CLOSED");
            waitIn(driver).until(d -> d.findElements(item).isEmpty() && d.findElements(marker).isEmpty());
            choose(driver, "filter-status", "REPORTED");
            waitIn(driver).until(d -> !d.findElements(item).isEmpty() && !d.findElements(marker).isEmpty());
            choose(driver, "filter-status", "");

            // the timeline: who reported it, with the photo by reference
            click(driver, item);
            waitForTimeline(driver, id, 1);
            assertThat(text(driver, timeline())).contains("olga").contains("reported by inspector")
                    .contains("https://photos.example/hole.jpg");

            // register, then dispatch to another department than the routed one
            click(driver, By.cssSelector("#case-detail button[data-action='REGISTER']"));
            waitForTimeline(driver, id, 2);
            WebElement target = waitIn(driver).until(d -> d.findElement(By.id("case-target")));
            target.clear();
            target.sendKeys(OTHER);
            driver.findElement(By.id("case-note")).sendKeys("bus lane: city operations has the crew");
            click(driver, By.cssSelector("#case-detail button[data-action='DISPATCH']"));
            waitForTimeline(driver, id, 3);
            String dispatched = driver.findElements(timeline()).get(2).getText();
            assertThat(dispatched).contains("olga").contains("dispatch: registered → dispatched").contains("→ " + OTHER)
                    .contains("bus lane: city operations has the crew");
            assertThat(text(driver, By.cssSelector("#case-detail .department"))).isEqualTo(OTHER);
            waitIn(driver).until(d -> "#f2a900".equals(d.findElement(marker).getAttribute("fill")));
            // the case moved from the routed department's card to the other's
            waitIn(driver).until(d -> Integer.parseInt(card(driver, OTHER, "open")) == otherOpen + 1
                    && Integer.parseInt(card(driver, ROUTED, "open")) == routedOpen - 1);

            // someone else acts on it behind the page's back: the page's next action is a clear conflict
            // (its 5 s re-reading stopped first, and a read under way drawn, so that it still shows the version before)
            driver.executeAsyncScript("var done = arguments[arguments.length - 1]; window.CityBrainGovern.stop().then(done, done);");
            JsonNode now = client.get("/api/govern/cases/" + id, ADMIN).json();
            assertThat(client.post("/api/govern/cases/" + id + "/actions", ADMIN, "{\"action\":\"note\",\"version\":"
                    + now.get("version").asLong() + ",\"note\":\"called the crew\"}").status()).isEqualTo(200);
            click(driver, By.cssSelector("#case-detail button[data-action='ACCEPT']"));
            waitIn(driver).until(d -> d.findElement(By.id("case-error")).getText().contains("Conflict"));
            assertThat(driver.findElement(By.id("case-error")).getText()).contains(id).contains("act again");
            waitForTimeline(driver, id, 4); // shown again as it is now, with the other's note
            assertThat(driver.findElements(timeline()).get(3).getText()).contains("called the crew");
            // the browser logs the refused call; nothing else
            assertThat(browser.consoleErrors()).as("browser console errors").hasSize(1)
                    .allSatisfy(e -> assertThat(e).contains("/api/govern/cases/" + id + "/actions").contains("409"));

            // on to closure: the figures of handling time count it
            for (String action : List.of("ACCEPT", "START", "HANDLE", "VERIFY", "CLOSE")) {
                int before = driver.findElements(timeline()).size();
                click(driver, By.cssSelector("#case-detail button[data-action='" + action + "']"));
                waitForTimeline(driver, id, before + 1);
            }
            assertThat(driver.findElements(By.cssSelector("#case-detail button[data-action='CLOSE']"))).isEmpty();
            waitIn(driver).until(d -> !card(driver, "all", "basis").equals(closedBefore));
            assertThat(card(driver, OTHER, "median")).isNotEqualTo("–");
            assertThat(card(driver, "all", "basis")).contains("closed in the period");
            waitIn(driver).until(d -> "#2da44e".equals(d.findElement(marker).getAttribute("fill")));

            Object overflow = driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
            driver.executeScript("document.querySelector('.govern').scrollIntoView();");
            browser.screenshot("govern-" + width + "x" + height);
            assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
        }
    }

    @Test
    void aCaseBeyondTheNewestThousandIsFoundThroughTheFiltersAndThePagesAndTheTotalsAreTheApis() {
        ServerClient.Response newest = client.get("/api/govern/cases", viewer);
        List<String> newestIds = new java.util.ArrayList<>();
        newest.json().forEach(c -> newestIds.add(c.get("id").asText()));
        assertThat(newestIds).hasSize(1000).doesNotContain(FIRST);
        long all = total("");
        assertThat(all).isGreaterThanOrEqualTo(SEEDED);
        assertThat(total("&category=noise")).isEqualTo(NOISE);
        try (HeadlessChromium browser = new HeadlessChromium(1366, 768)) {
            ChromeDriver driver = browser.driver();
            // the configured categories come after the first list, which has no noise complaint
            signInWithChoicesLate(driver, viewer, Duration.ofSeconds(3));
            By count = By.id("case-count");
            By pageNo = By.id("case-page");
            By items = By.cssSelector("#cases li.case");
            By first = By.cssSelector("#cases li[data-id='" + FIRST + "']");

            // all cases: the server's count, a page of 100
            waitIn(driver).until(d -> String.valueOf(all).equals(d.findElement(count).getAttribute("data-total")));
            assertThat(text(driver, count)).isEqualTo(String.format(java.util.Locale.ROOT, "1–100 of %,d", all));
            assertThat(text(driver, pageNo)).isEqualTo("page 1 of " + (all + 99) / 100);
            assertThat(driver.findElements(items)).hasSize(100);
            assertThat(driver.findElement(By.id("case-previous")).isEnabled()).isFalse();
            // no more re-reading every 5 s: the page offers the configured categories when they arrive
            driver.executeAsyncScript("var done = arguments[arguments.length - 1]; window.CityBrainGovern.stop().then(done, done);");

            // the noise complaints: 150, the first of them on the second page, newest first
            choose(driver, "filter-category", "noise");
            waitIn(driver).until(d -> String.valueOf(NOISE).equals(d.findElement(count).getAttribute("data-total")));
            assertThat(text(driver, count)).isEqualTo("1–100 of 150");
            assertThat(text(driver, pageNo)).isEqualTo("page 1 of 2");
            assertThat(driver.findElements(items)).hasSize(100).allSatisfy(li -> assertThat(li.getText()).contains("noise"));
            assertThat(driver.findElements(first)).isEmpty();
            click(driver, By.id("case-next"));
            waitIn(driver).until(d -> "2".equals(d.findElement(pageNo).getAttribute("data-page")) && !d.findElements(first).isEmpty());
            assertThat(text(driver, count)).isEqualTo("101–150 of 150");
            assertThat(driver.findElements(items)).hasSize(50);
            assertThat(driver.findElements(items).get(49).getAttribute("data-id")).isEqualTo(FIRST);
            assertThat(driver.findElement(By.id("case-next")).isEnabled()).isFalse();
            click(driver, first);
            waitForTimeline(driver, FIRST, 1);
            assertThat(driver.findElement(By.id("case-detail")).getText()).contains("Night-time drilling, complaint 1");
            browser.screenshot("govern-paged-1366x768");

            // oldest first: back on the first page, the first case leads
            choose(driver, "case-order", "oldest");
            waitIn(driver).until(d -> "1".equals(d.findElement(pageNo).getAttribute("data-page"))
                    && FIRST.equals(d.findElements(items).get(0).getAttribute("data-id")));

            // with a status too: the API's count again
            choose(driver, "filter-status", "REPORTED");
            long reportedNoise = total("&category=noise&status=REPORTED");
            waitIn(driver).until(d -> String.valueOf(reportedNoise).equals(d.findElement(count).getAttribute("data-total")));
            choose(driver, "filter-status", "CLOSED");
            waitIn(driver).until(d -> "0".equals(d.findElement(count).getAttribute("data-total")));
            assertThat(text(driver, By.cssSelector("#cases li.empty"))).isEqualTo("No case matches the filters.");
            assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
        }
    }

    @Test
    void aViewerSeesTheCaseAndItsTimelineButNoAction() {
        String id = reportPothole("Hole for the viewer");
        try (HeadlessChromium browser = new HeadlessChromium(1366, 768)) {
            ChromeDriver driver = browser.driver();
            signIn(driver, viewer);
            click(driver, By.cssSelector("#cases li[data-id='" + id + "']"));
            waitForTimeline(driver, id, 1);
            assertThat(driver.findElements(By.cssSelector("#case-detail button"))).isEmpty();
            assertThat(driver.findElement(By.id("case-detail")).getText()).contains("needs the operator role");
            assertThat(card(driver, ROUTED, "open")).isNotEmpty();
            assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
        }
        ServerClient.Response denied = client.post("/api/govern/cases/" + id + "/actions", viewer,
                "{\"action\":\"register\",\"version\":1}");
        assertThat(denied.status()).isEqualTo(403);
    }
}
