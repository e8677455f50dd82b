package org.citybrain.server.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver: the real browser of the dashboard
 * tests. {@code CITYBRAIN_CHROMIUM} and {@code CITYBRAIN_CHROMEDRIVER} override the paths
 * ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}). Without them the tests skip, unless
 * {@code CITYBRAIN_REQUIRE_BROWSER=true} (as in CI), when they fail saying what is missing.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of(env("CITYBRAIN_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(env("CITYBRAIN_CHROMEDRIVER", "/usr/bin/chromedriver"));

    /** How long a test waits for the page to show something. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path profile;

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Whether the browser is there, for {@code @EnabledIf}: tests skip without it (before their
     * server starts), and fail when it is required but missing, saying what is missing.
     */
    static boolean installed() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CITYBRAIN_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("CITYBRAIN_REQUIRE_BROWSER=true but "
                    + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
                    + " is not an executable; install Debian's chromium and chromium-driver (.ci/run does)");
        }
        return present;
    }

    /** Why browser tests skip. */
    static final String MISSING = "no headless browser: /usr/bin/chromium and /usr/bin/chromedriver (or CITYBRAIN_CHROMIUM, "
            + "CITYBRAIN_CHROMEDRIVER) are needed: apt-get install chromium chromium-driver";

    /**
     * A fresh browser (own profile) showing pages at {@code width × height} CSS pixels. Below a
     * desktop window's minimum width (500 px) it emulates a phone's screen of that size.
     */
    HeadlessChromium(int width, int height) {
        try {
            profile = Files.createTempDirectory("citybrain-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // the page then zooms the map at once: a headless browser may never finish the animation
                "--force-prefers-reduced-motion",
                "--user-data-dir=" + profile, "--window-size=" + Math.max(width, 500) + "," + height);
        if (width < 500) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", 2.0, "mobile", true, "touch", true)));
        }
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** A wait of {@link #PATIENCE}, polling every 100 ms, that looks again when an element went stale. */
    static WebDriverWait waitIn(ChromeDriver driver) {
        // the page redraws lists as updates arrive: an element found a moment ago may be gone
        return (WebDriverWait) new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class);
    }

    /**
     * A wait condition that chooses {@code value} in the {@code select}: true once chosen. The page
     * fills some choices from the server after it shows (the filters' categories, the districts)
     * and enables a form only once it may be used, so it waits for the select to be enabled and to
     * offer the option, and checks that the choice held.
     */
    static Function<WebDriver, Boolean> chosen(By select, String value) {
        return d -> {
            WebElement element = d.findElement(select);
            if (!element.isEnabled() || element.findElements(By.cssSelector("option[value='" + value + "']")).isEmpty()) {
                return false;
            }
            Select choice = new Select(element);
            choice.selectByValue(value);
            return value.equals(choice.getFirstSelectedOption().getAttribute("value"));
        };
    }

    /** Chooses {@code value} in the select with id {@code selectId} once it offers it (see {@link #chosen}). */
    static void choose(ChromeDriver driver, String selectId, String value) {
        waitIn(driver).withMessage("option '" + value + "' of #" + selectId + " to be offered and chosen")
                .until(chosen(By.id(selectId), value));
    }

    /** Opens the dashboard of the server on {@code port}, signs in with {@code token} and waits until it is live. */
    static void signIn(ChromeDriver driver, int port, String token) {
        signIn(driver, port, token, "");
    }

    /**
     * Opens the dashboard, runs {@code script} in the page before signing in (to stand in for a slow
     * server, say), signs in with {@code token} and waits until it is live.
     */
    static void signIn(ChromeDriver driver, int port, String token, String script) {
        driver.get("http://localhost:" + port + "/");
        if (!script.isEmpty()) {
            driver.executeScript(script);
        }
        WebElement field = waitIn(driver).until(d -> {
            WebElement t = d.findElement(By.id("token"));
            return t.isDisplayed() ? t : null;
        });
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        waitIn(driver).until(d -> "live".equals(d.findElement(By.id("status")).getText()));
    }

    /** The browser console's errors since the last call (messages at SEVERE: script errors, failed loads). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** Saves what the browser shows to {@code target/screenshots/name.png}. */
    Path screenshot(String name) {
        Path to = Path.of("target", "screenshots", name + ".png");
        try {
            Files.createDirectories(to.getParent());
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), to,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
