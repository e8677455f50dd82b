package org.citybrain.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citybrain.server.dashboard.HeadlessChromium.waitIn;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * The dashboard in a real browser (headless Chromium): the server runs, entities arrive through
 * the NGSI-LD API as any source would send them, and the page must draw them, follow their
 * changes live, show a new alert and acknowledge it, at a laptop's and a phone's size, without a
 * single console error. Screenshots go to {@code target/screenshots/}.
 */
@SpringBootTest(classes = CityBrainServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"citybrain.admin-token=" + DashboardBrowserIT.ADMIN, "citybrain.congestion.interval=1h",
                "citybrain.dashboard.update-interval=200ms", "citybrain.dashboard.sample-interval=1s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "org.citybrain.server.dashboard.HeadlessChromium#installed", disabledReason = HeadlessChromium.MISSING)
class DashboardBrowserIT {
    static final String ADMIN = "admin-token-for-the-dashboard-tests";
    static final Path data = TestData.newDirectory();
    static final String ALERT_LINK = "<https://raw.githubusercontent.com/smart-data-models/dataModel.Alert/master/context.jsonld>;"
            + " rel=\"http://www.w3.org/ns/json-ld#context\"";

    @LocalServerPort
    int port;
    ServerClient client;
    String operator;
    String viewer;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("citybrain.data-dir", data::toString);
    }

    @BeforeAll
    void cityAndUsers() {
        client = new ServerClient(port);
        operator = client.newUser(ADMIN, "olga", "OPERATOR");
        viewer = client.newUser(ADMIN, "victor", "VIEWER");
        // three road segments in Hangzhou's Gudang, 500 m each, one lane detector on each; and r0's
        // other direction, without a detector, jammed
        StringBuilder city = new StringBuilder("[");
        double[][] roads = {{120.100, 30.280, 120.105, 30.280}, {120.105, 30.280, 120.105, 30.2845},
                {120.105, 30.2845, 120.100, 30.2845}};
        for (int i = 0; i < roads.length; i++) {
            double[] r = roads[i];
            city.append(roadSegment("r" + i, r)).append(',').append(lane("r" + i, 0.1)).append(',');
        }
        city.append(roadSegment("r0back", new double[] {120.105, 30.280, 120.100, 30.280})).append(',')
                .append("{\"id\":\"urn:ngsi-ld:CongestionIndex:road:r0back\",\"type\":\"CongestionIndex\",")
                .append("\"scope\":{\"type\":\"Property\",\"value\":\"road\"},")
                .append("\"travelTimeIndex\":{\"type\":\"Property\",\"value\":3.5},")
                .append("\"refRoadSegment\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:RoadSegment:r0back\"}},");
        city.append(signal("i1", 120.105, 30.280, 2)).append(',').append(signal("i2", 120.105, 30.2845, 0)).append(',')
                .append("{\"id\":\"urn:ngsi-ld:OffStreetParking:gudang\",\"type\":\"OffStreetParking\",")
                .append("\"name\":{\"type\":\"Property\",\"value\":\"Gudang car park\"},")
                .append("\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[120.102,30.282]}},")
                .append("\"totalSpotNumber\":{\"type\":\"Property\",\"value\":120},")
                .append("\"availableSpotNumber\":{\"type\":\"Property\",\"value\":37}},")
                // the index of road r0 (normally published by the live congestion index)
                .append("{\"id\":\"urn:ngsi-ld:CongestionIndex:road:r0\",\"type\":\"CongestionIndex\",")
                .append("\"scope\":{\"type\":\"Property\",\"value\":\"road\"},")
                .append("\"travelTimeIndex\":{\"type\":\"Property\",\"value\":2.5},")
                .append("\"refRoadSegment\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:RoadSegment:r0\"}},")
                .append("{\"id\":\"urn:ngsi-ld:CongestionIndex:city\",\"type\":\"CongestionIndex\",")
                .append("\"scope\":{\"type\":\"Property\",\"value\":\"city\"},")
                .append("\"travelTimeIndex\":{\"type\":\"Property\",\"value\":1.8}}]");
        upsert(city.toString());
    }

    private void upsert(String entities) {
        ServerClient.Response r = client.send("POST", "/ngsi-ld/v1/entityOperations/upsert", ADMIN, entities, "application/json");
        assertThat(r.status()).as(r.body()).isIn(201, 204);
    }

    private static String roadSegment(String id, double[] r) {
        return "{\"id\":\"urn:ngsi-ld:RoadSegment:" + id + "\",\"type\":\"RoadSegment\","
                + "\"name\":{\"type\":\"Property\",\"value\":\"Road " + id + "\"},"
                + "\"refRoad\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:Road:" + id + "\"},"
                + "\"allowedVehicleType\":{\"type\":\"Property\",\"value\":[\"car\"]},"
                + "\"startPoint\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[" + r[0] + "," + r[1] + "]}},"
                + "\"endPoint\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[" + r[2] + "," + r[3] + "]}},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"LineString\",\"coordinates\":[[" + r[0] + ","
                + r[1] + "],[" + r[2] + "," + r[3] + "]]}},"
                + "\"laneCount\":{\"type\":\"Property\",\"value\":1},"
                + "\"length\":{\"type\":\"Property\",\"value\":0.5},"
                + "\"maximumAllowedSpeed\":{\"type\":\"Property\",\"value\":50}}";
    }

    private static String lane(String road, double occupancy) {
        return "{\"id\":\"urn:ngsi-ld:TrafficFlowObserved:" + road + "_0\",\"type\":\"TrafficFlowObserved\","
                + "\"dateObserved\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:00:00Z\"},"
                + "\"refRoadSegment\":{\"type\":\"Relationship\",\"object\":\"urn:ngsi-ld:RoadSegment:" + road + "\"},"
                + "\"intensity\":{\"type\":\"Property\",\"value\":12},"
                + "\"averageVehicleSpeed\":{\"type\":\"Property\",\"value\":36},"
                + "\"occupancy\":{\"type\":\"Property\",\"value\":" + occupancy + "}}";
    }

    private static String signal(String id, double lon, double lat, int phase) {
        return "{\"id\":\"urn:ngsi-ld:TrafficSignal:" + id + "\",\"type\":\"TrafficSignal\","
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}},"
                + "\"currentPhase\":{\"type\":\"Property\",\"value\":" + phase + "},"
                + "\"controller\":{\"type\":\"Property\",\"value\":\"plan\"},"
                + "\"district\":{\"type\":\"Property\",\"value\":\"gudang\"}}";
    }

    private String alert(String id) {
        return "{\"id\":\"" + id + "\",\"type\":\"Alert\","
                + "\"category\":{\"type\":\"Property\",\"value\":\"traffic\"},"
                + "\"subCategory\":{\"type\":\"Property\",\"value\":\"trafficJam\"},"
                + "\"severity\":{\"type\":\"Property\",\"value\":\"high\"},"
                + "\"alertSource\":{\"type\":\"Property\",\"value\":\"urn:ngsi-ld:TrafficFlowObserved:r1_0\"},"
                + "\"dateIssued\":{\"type\":\"Property\",\"value\":\"2026-11-29T08:05:00Z\"},"
                + "\"description\":{\"type\":\"Property\",\"value\":\"Occupancy up, flow down on road r1\"},"
                + "\"location\":{\"type\":\"GeoProperty\",\"value\":{\"type\":\"Point\",\"coordinates\":[120.105,30.282]}},"
                + "\"acknowledged\":{\"type\":\"Property\",\"value\":false}}";
    }

    private void signIn(ChromeDriver driver, String token) {
        HeadlessChromium.signIn(driver, port, token);
    }

    private static String kpi(ChromeDriver driver, String name) {
        return driver.findElement(By.cssSelector("#kpi-" + name + " .value")).getText();
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1366, 768", "390, 844"})
    void theDashboardDrawsTheCityFollowsItLiveAndAcknowledgesAlerts(int width, int height) {
        upsert("[" + lane("r1", 0.1) + "]"); // each run starts from 3 lanes × 10% of 500 m = 30 vehicles
        try (HeadlessChromium browser = new HeadlessChromium(width, height)) {
            ChromeDriver driver = browser.driver();
            signIn(driver, operator);
            assertThat(driver.executeScript("return window.innerWidth;")).as("viewport width").isEqualTo((long) width);

            // the map draws the four roads; r0 in the colour of its index 2.5 (moderate), its other
            // direction in that of 3.5 (heavy), the others without index
            List<WebElement> roads = waitIn(driver).until(d -> {
                List<WebElement> paths = d.findElements(By.cssSelector("#map path.road"));
                return paths.size() == 4 ? paths : null;
            });
            assertThat(roads).extracting(p -> p.getAttribute("stroke"))
                    .containsExactlyInAnyOrder("#f2a900", "#e5534b", "#8c959f", "#8c959f");
            assertThat(driver.findElements(By.cssSelector("#map .signal-icon"))).extracting(WebElement::getText)
                    .containsExactlyInAnyOrder("2", "0");
            assertThat(driver.findElement(By.cssSelector("#map .park-icon")).getText()).isEqualTo("P 37");
            // the car park's forecasts, published by the server from its one reading: persistence
            By park = By.cssSelector("#parks tr[data-id='urn:ngsi-ld:OffStreetParking:gudang']");
            waitIn(driver).until(d -> d.findElement(park).findElements(By.cssSelector("td.ahead")).stream()
                    .map(WebElement::getText).toList().equals(List.of("37", "37", "37")));
            assertThat(driver.findElement(park).getText()).startsWith("Gudang car park").contains("37 / 120");

            // both directions of r0 are visible, each on its side of the centreline (traffic keeps
            // right: eastbound below, westbound above), a few screen pixels apart at any zoom
            assertThat(separation(driver)).as("eastbound below westbound, in px").isBetween(3.0, 5.0);
            double apart = signalsApart(driver);
            // out rather than in: zoomed in, a phone's narrow map no longer shows the street
            zoom(driver, "out", apart, 0.5);
            waitIn(driver).withMessage(() -> "r0 " + separation(driver) + " px below r0back after the zoom")
                    .until(d -> separation(driver) >= 3.0 && separation(driver) <= 5.0);
            zoom(driver, "in", apart, 1);
            waitIn(driver).until(d -> kpi(driver, "vehicles").equals("30"));
            assertThat(kpi(driver, "averageSpeed")).isEqualTo("36.0");
            assertThat(kpi(driver, "cityIndex")).isEqualTo("1.80");
            // both charts are drawn, with their series' legends
            assertThat(driver.findElements(By.cssSelector("#chart-index canvas, #chart-flow canvas"))).hasSizeGreaterThanOrEqualTo(2);

            // readings change: the figures follow without a reload
            driver.executeScript("window.notReloaded = true;");
            upsert("[" + lane("r1", 0.4) + "]");
            waitIn(driver).until(d -> kpi(driver, "vehicles").equals("60"));
            assertThat(driver.executeScript("return window.notReloaded === true;")).isEqualTo(true);

            // an alert created through the API appears, on the list and the map, and is acknowledged
            String alertId = "urn:ngsi-ld:Alert:jam-" + width;
            ServerClient.Response created = client.send("POST", "/ngsi-ld/v1/entities", ADMIN, alert(alertId), "application/json",
                    Map.of("Link", ALERT_LINK));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            By item = By.cssSelector("#alerts li[data-id='" + alertId + "']");
            WebElement open = waitIn(driver).until(d -> d.findElements(item).isEmpty() ? null : d.findElement(item));
            assertThat(open.getText()).contains("traffic · trafficJam").contains("Occupancy up, flow down on road r1");
            assertThat(driver.findElements(By.cssSelector("#map .alert-icon"))).isNotEmpty();
            String openBefore = kpi(driver, "openAlerts");
            waitIn(driver).until(d -> {
                WebElement button = d.findElement(item).findElement(By.cssSelector("button.acknowledge"));
                driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", button);
                button.click();
                return true;
            });
            waitIn(driver).until(d -> d.findElement(item).getAttribute("class").contains("acknowledged"));
            waitIn(driver).until(d -> Integer.parseInt(kpi(driver, "openAlerts")) == Integer.parseInt(openBefore) - 1);
            assertThat(client.get("/ngsi-ld/v1/entities/" + alertId, ADMIN).json().get("acknowledged").get("value").asBoolean())
                    .isTrue();

            // the layout fits the width: nothing sideways to scroll to
            Object overflow = driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
            // without a city the control panel says why it is disabled
            assertThat(driver.findElement(By.id("city-message")).getText()).contains("./citybrain demo");

            driver.executeScript("window.scrollTo(0, 0);");
            browser.screenshot("dashboard-" + width + "x" + height);
            assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
        }
    }

    /** The vertical centre of road {@code id}'s line on the screen, CSS pixels. */
    private static double screenY(ChromeDriver driver, String id) {
        return ((Number) driver.executeScript("var r = document.querySelector(\"#map path[data-id="
                + "'urn:ngsi-ld:RoadSegment:" + id + "']\").getBoundingClientRect(); return r.top + r.height / 2;")).doubleValue();
    }

    /** The screen distance of the two signals, 500 m apart north to south, CSS pixels: it doubles with each zoom step. */
    private static double signalsApart(ChromeDriver driver) {
        return ((Number) driver.executeScript("var s = document.querySelectorAll('#map .signal-icon');"
                + " return Math.abs(s[0].getBoundingClientRect().top - s[1].getBoundingClientRect().top);")).doubleValue();
    }

    /**
     * Clicks the map's zoom button (a script's click, which a phone's emulated touch screen takes
     * as well) and waits until the two signals lie {@code factor} times as far apart as
     * {@code apart}, give or take the rounding of marker positions to whole pixels. The browser asks
     * for reduced motion, so the map zooms without animation.
     */
    private static void zoom(ChromeDriver driver, String direction, double apart, double factor) {
        driver.executeScript("document.querySelector('#map .leaflet-control-zoom-" + direction + "').click();");
        waitIn(driver).withMessage(() -> "the signals " + factor + " x " + apart + " px apart after a zoom " + direction
                + ", they are " + signalsApart(driver) + " px").until(d -> Math.abs(signalsApart(driver) - factor * apart) <= 4);
    }

    /**
     * How far r0's line lies below that of its other direction, CSS pixels. Line width 3 px (one
     * lane): each is drawn 2 px beside the centreline, so 4 px apart whatever the zoom.
     */
    private static double separation(ChromeDriver driver) {
        return screenY(driver, "r0") - screenY(driver, "r0back");
    }

    @Test
    void aViewerSeesTheAlertsButCannotAcknowledgeThem() {
        String alertId = "urn:ngsi-ld:Alert:for-viewer";
        client.send("POST", "/ngsi-ld/v1/entities", ADMIN, alert(alertId), "application/json", Map.of("Link", ALERT_LINK));
        try (HeadlessChromium browser = new HeadlessChromium(1366, 768)) {
            ChromeDriver driver = browser.driver();
            signIn(driver, viewer);
            By item = By.cssSelector("#alerts li[data-id='" + alertId + "']");
            WebElement shown = waitIn(driver).until(d -> d.findElements(item).isEmpty() ? null : d.findElement(item));
            assertThat(shown.findElements(By.cssSelector("button.acknowledge"))).isEmpty();
            assertThat(driver.findElement(By.id("who")).getText()).contains("viewer");
            assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
        }
        ServerClient.Response denied = client.send("POST", "/api/dashboard/alerts/" + alertId + "/acknowledge", viewer, null);
        assertThat(denied.status()).isEqualTo(403);
    }

    @Test
    void aWrongTokenIsAskedForAgainWithAClearMessage() {
        try (HeadlessChromium browser = new HeadlessChromium(1366, 768)) {
            ChromeDriver driver = browser.driver();
            driver.get("http://localhost:" + port + "/");
            waitIn(driver).until(d -> d.findElement(By.id("token")).isDisplayed());
            driver.findElement(By.id("token")).sendKeys("not-the-token-of-anybody");
            driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
            waitIn(driver).until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
            assertThat(driver.findElement(By.id("login-error")).getText()).contains("did not accept this token");
            assertThat(driver.findElement(By.id("dashboard")).isDisplayed()).isFalse();
        }
    }
}
