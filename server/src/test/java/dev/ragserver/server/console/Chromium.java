package dev.ragserver.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} through its {@code
 * chromedriver} ({@code ./rag test} installs both in CI; elsewhere the tests are skipped with a
 * message saying what to install).
 */
public final class Chromium {
  static final Path BINARY =
      Path.of(System.getenv().getOrDefault("RAG_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getenv().getOrDefault("RAG_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private Chromium() {}

  /** Skips the test class without Chromium; in CI (CI=true) fails it instead. */
  public static void require(String what) {
    if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
      return;
    }
    String why =
        "SKIPPED "
            + what
            + ": "
            + BINARY
            + " and "
            + DRIVER
            + " are needed (Debian: apt-get install chromium chromium-driver; ./rag test installs"
            + " them in CI)";
    System.err.println("\n*** " + why + " ***\n");
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(why.replace("SKIPPED", "cannot run"));
    }
    Assumptions.abort(why);
  }

  /** A headless Chromium whose profile lives in this folder. */
  public static ChromeDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    try {
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--user-data-dir=" + Files.createDirectories(profile),
          "--window-size=1280,1000");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}
