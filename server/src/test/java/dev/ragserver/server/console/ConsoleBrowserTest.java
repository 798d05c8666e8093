package dev.ragserver.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.server.http.TestServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real headless Chromium (Debian's {@code chromium} through its {@code
 * chromedriver}) against a real server with the built-in model: key entry, a query and its hit, the
 * score breakdown, the document viewer, an upload that becomes searchable (with an image
 * thumbnail), the collections view, labels, and a narrow screen. {@code ./rag test} installs the
 * two packages in CI; elsewhere the tests are skipped with a message saying what to install.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final String KEY = "console-admin-key-0123";

  /** The model module's tiny CLIP-shaped fixture: its embeddings follow colours. */
  private static final Path TINY_CLIP =
      Path.of("../model/src/test/resources/clip/tiny-clip").toAbsolutePath();

  @TempDir static Path dir;
  private TestServer server;
  private ChromeDriver browser;
  private WebDriverWait wait;
  private String base;

  @BeforeAll
  void start() throws Exception {
    Chromium.require("web console browser tests");
    server =
        new TestServer(
            dir.resolve("data"),
            Map.of(
                "server.admin_keys",
                "[\"" + KEY + "\"]",
                "server.host",
                "127.0.0.1",
                "image_model.name",
                "tiny-clip",
                "image_model.directory",
                TINY_CLIP.toString()));
    server.key(KEY).put("/v1/collections/docs", "{}");
    TestServer.Response r =
        server.post(
            "/v1/collections/docs/documents",
            """
        {"documents": [
          {"id": "lighthouses", "title": "Lighthouses of the north coast", "source": "lighthouses.md",
           "text": "The lighthouse keeper trims the lamp wick at dusk. Fresnel lenses focus the beam across the bay."},
          {"id": "tides", "title": "Tides and the moon", "source": "tides.html",
           "text": "Spring tides come with the new and full moon, when the sun and moon pull together."},
          {"id": "bread", "title": "Sourdough at home", "source": "bread.txt",
           "text": "A sourdough starter needs flour, water and patience; feed it daily."}
        ]}""");
    assertEquals(200, r.status(), r.text());
    base = "http://127.0.0.1:" + server.server.port() + "/";

    browser = Chromium.start(dir.resolve("chrome"));
    wait = new WebDriverWait(browser, Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void wideWindow() {
    browser.manage().window().setSize(new Dimension(1280, 1000));
  }

  private WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  private void openWithKey() {
    browser.get(base);
    byId("api-key").clear();
    byId("api-key").sendKeys(KEY);
    byId("key-form").findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("search-collection"), "docs"));
  }

  private List<WebElement> search(String query) {
    browser.findElement(By.cssSelector("nav [data-view=search]")).click();
    new Select(byId("search-collection")).selectByValue("docs");
    byId("query-text").clear();
    byId("query-text").sendKeys(query);
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('search-summary').textContent = ''");
    byId("search-button").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("search-summary"), "ms"));
    return browser.findElements(By.cssSelector("#hits .hit"));
  }

  @Test
  @Order(1)
  void withoutAKeyTheConsoleSaysOneIsNeeded() {
    browser.get(base);
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.navigate().refresh();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "enter an API key"));
  }

  @Test
  @Order(2)
  void aQueryShowsTheExpectedHitWithHighlightsAndItsPerLegBreakdown() throws Exception {
    openWithKey();
    List<WebElement> hits = search("who trims the lighthouse lamp?");
    assertTrue(hits.size() >= 1);
    WebElement first = hits.get(0);
    assertEquals(
        "Lighthouses of the north coast", first.findElement(By.className("hit-title")).getText());
    assertTrue(first.findElement(By.className("hit-meta")).getText().contains("lighthouses.md"));
    assertTrue(
        first.findElements(By.tagName("mark")).stream()
            .anyMatch(m -> m.getText().equalsIgnoreCase("lighthouse")),
        "query words are highlighted in the snippet");
    WebElement table = first.findElement(By.cssSelector("details table"));
    assertTrue(!table.isDisplayed(), "the breakdown starts folded");
    first.findElement(By.cssSelector("details summary")).click();
    wait.until(ExpectedConditions.visibilityOf(table));
    String breakdown = table.getText();
    for (String leg : List.of("dense", "bm25", "colbert")) {
      assertTrue(breakdown.contains(leg), "breakdown lists " + leg + ": " + breakdown);
    }
    assertTrue(
        byId("search-summary").getText().contains("server"), byId("search-summary").getText());
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    Path shot = Path.of("target", "console-search.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    String docsCopy = System.getenv("RAG_CONSOLE_SCREENSHOT");
    if (docsCopy != null && !docsCopy.isBlank()) {
      Files.write(Path.of(docsCopy), browser.getScreenshotAs(OutputType.BYTES));
    }
  }

  @Test
  @Order(3)
  void clickingAHitTitleOpensTheStoredDocumentAtThatChunk() {
    openWithKey();
    search("spring tides and the moon").get(0).findElement(By.className("hit-title")).click();
    WebElement viewer = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("viewer")));
    assertEquals("Tides and the moon", byId("viewer-title").getText());
    assertTrue(
        viewer.findElement(By.cssSelector(".chunk.current")).getText().contains("Spring tides"));
    viewer.findElement(By.cssSelector(".viewer-head button")).click();
    wait.until(ExpectedConditions.invisibilityOf(viewer));
  }

  @Test
  @Order(4)
  void uploadedFilesShowProgressAndBecomeSearchableWithImageThumbnails() throws Exception {
    openWithKey();
    Path note = dir.resolve("glacier-notes.md");
    Files.writeString(
        note,
        "# Glacier survey\n\nThe Vatnajökull outlet glacier retreated forty metres this summer.\n");
    Path samples = Path.of(System.getProperty("rag.home", "..")).resolve("samples");
    Path image = samples.resolve("harbour_at_night.png").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(image), "sample image " + image.toAbsolutePath());
    browser.findElement(By.cssSelector("nav [data-view=upload]")).click();
    new Select(byId("upload-collection")).selectByValue("docs");
    byId("upload-files").sendKeys(note.toAbsolutePath() + "\n" + image.toAbsolutePath());
    byId("upload-button").click();
    wait.until(ExpectedConditions.attributeToBe(By.id("job-state"), "data-state", "succeeded"));
    assertTrue(byId("job-state").getText().contains("2 of 2 files"), byId("job-state").getText());
    assertEquals("2", byId("job-progress").getDomProperty("value"));

    List<WebElement> hits = search("how far did the glacier retreat");
    assertTrue(
        hits.get(0).findElement(By.className("hit-meta")).getText().contains("glacier-notes.md"),
        hits.get(0).getText());
    List<WebElement> imageHits = search("harbour at night");
    WebElement imageHit =
        imageHits.stream()
            .filter(h -> h.getText().contains("harbour_at_night.png"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no hit for the uploaded image"));
    WebElement thumb = wait.until(d -> imageHit.findElement(By.cssSelector(".hit-thumb img")));
    wait.until(
        d ->
            ((Number)
                        ((JavascriptExecutor) d)
                            .executeScript("return arguments[0].naturalWidth", thumb))
                    .intValue()
                > 0);
    assertTrue(thumb.getDomAttribute("src").startsWith("blob:"), "thumbnail fetched with the key");
  }

  private static byte[] colourPng(Color c) throws Exception {
    BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, 120, 80);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  @Order(5)
  void anImageChosenOrDroppedOnTheSearchFormFindsTheMatchingPicture() throws Exception {
    server.put("/v1/collections/pics", "{}");
    assertEquals(
        200,
        server
            .upload(
                "/v1/collections/pics/documents",
                List.of(
                    Map.entry("crimson.png", colourPng(new Color(200, 20, 20))),
                    Map.entry("forest.png", colourPng(new Color(20, 160, 40))),
                    Map.entry("ocean.png", colourPng(new Color(20, 40, 200)))))
            .status());
    openWithKey();
    new Select(byId("search-collection")).selectByValue("pics");
    Path red = dir.resolve("query-red.png");
    Files.write(red, colourPng(new Color(220, 30, 30)));
    byId("query-text").clear();
    byId("query-image").sendKeys(red.toAbsolutePath().toString());
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('search-summary').textContent = ''");
    byId("search-button").click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("search-summary"), "image"));
    assertTrue(
        byId("hits")
            .findElement(By.cssSelector(".hit .hit-meta"))
            .getText()
            .contains("crimson.png"));

    // the same query by drag and drop: a green picture dropped on the drop zone
    String green = Base64.getEncoder().encodeToString(colourPng(new Color(30, 170, 50)));
    ((JavascriptExecutor) browser)
        .executeScript(
            """
        const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'green.png', {type: 'image/png'}));
        document.getElementById('image-drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));""",
            green);
    assertTrue(byId("clear-image").isDisplayed(), "a dropped image can be removed again");
    byId("search-button").click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#hits .hit .hit-meta"), "forest.png"));
  }

  @Test
  @Order(6)
  void theCollectionsViewListsCreatesAndDeletes() {
    openWithKey();
    browser.findElement(By.cssSelector("nav [data-view=collections]")).click();
    WebElement table = byId("collections-table");
    wait.until(ExpectedConditions.textToBePresentInElement(table, "docs"));
    byId("create-name").sendKeys("scratch");
    // the model picker lists the served models; the language picks model and analyzer together
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#create-model option[value='bge-small-zh-v1.5']")));
    new org.openqa.selenium.support.ui.Select(byId("create-language")).selectByValue("zh");
    byId("create-form").findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(table, "scratch"));
    WebElement row = table.findElement(By.xpath(".//tr[th[normalize-space()='scratch']]"));
    assertTrue(
        row.getText().contains("bge-small-zh-v1.5"), "the table shows its model: " + row.getText());
    assertTrue(row.getText().contains("chinese"), row.getText());
    table.findElement(By.cssSelector("button[aria-label='Delete collection scratch']")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(
        ExpectedConditions.not(ExpectedConditions.textToBePresentInElement(table, "scratch")));
    assertEquals(404, server.get("/v1/collections/scratch").status());
  }

  @Test
  @Order(7)
  void everyControlHasALabelAndTheSearchRunsFromTheKeyboard() {
    openWithKey();
    Object unlabeled =
        ((JavascriptExecutor) browser)
            .executeScript(
                """
        return [...document.querySelectorAll('input, select, textarea')]
          .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
          .map(e => e.id || e.outerHTML);""");
    assertEquals(List.of(), unlabeled);
    new Select(byId("search-collection")).selectByValue("docs");
    byId("query-text").sendKeys("sourdough starter\n");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#hits .hit .hit-title"), "Sourdough at home"));
  }

  @Test
  @Order(8)
  void onANarrowScreenNothingScrollsSideways() {
    openWithKey();
    browser.manage().window().setSize(new Dimension(375, 800));
    search("lighthouse beam across the bay");
    Number overflow =
        (Number)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertTrue(overflow.intValue() <= 0, "page is " + overflow + " px wider than a 375 px screen");
  }

  @Test
  @Order(9)
  void aFailedSearchClearsTheLastAnswerAndMarkdownHitsReadAsText() {
    TestServer.Response r =
        server.post(
            "/v1/collections/docs/documents",
            "{\"documents\": [{\"id\": \"keeper-notes\", \"source\": \"notes/keeper.md\", \"text\":"
                + " \"## Keeper notes\\n\\nThe **keeper** logs the [weather](https://example.org/w) every dusk.\"}]}");
    assertEquals(200, r.status(), r.text());
    openWithKey();
    List<WebElement> hits = search("keeper logs the weather at dusk");
    WebElement notes =
        hits.stream().filter(h -> h.getText().contains("keeper.md")).findFirst().orElseThrow();
    String text = notes.findElement(By.cssSelector(".hit-text")).getText();
    assertTrue(text.startsWith("Keeper notes"), text);
    assertTrue(text.contains("The keeper logs the weather every dusk."), text);
    assertTrue(notes.getText().contains("relevance "), notes.getText());

    byId("filter").clear();
    byId("filter").sendKeys("{\"field\": \"year\", \"bogus\": 1}");
    byId("search-button").click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Search failed"));
    assertEquals("", byId("search-summary").getText(), "no summary of the earlier search");
    assertEquals(0, browser.findElements(By.cssSelector("#hits .hit")).size(), "no earlier hits");
    byId("filter").clear();
  }

  @Test
  @Order(10)
  void theImagePickerSaysHowImagesSearchAndThePageHasAnIcon() {
    openWithKey();
    browser.findElement(By.cssSelector("nav [data-view=search]")).click();
    new Select(byId("search-collection")).selectByValue("docs");
    assertTrue(byId("image-row").isDisplayed(), "the collection has an image model");
    assertTrue(
        byId("image-mode").getText().contains("similar images"), byId("image-mode").getText());
    assertEquals(
        "favicon.svg",
        browser.findElement(By.cssSelector("link[rel=icon]")).getDomAttribute("href"));
    TestServer.Response icon = server.get("/favicon.svg");
    assertEquals(200, icon.status());
    assertTrue(icon.contentType().startsWith("image/svg+xml"), icon.contentType());
  }
}
