package dev.ragserver.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.ingest.job.JobStatus;
import dev.ragserver.server.cli.DemoCommand;
import dev.ragserver.server.http.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java snippets of docs/integrations.md run as written against what {@code ./rag demo} serves:
 * each {@code <!-- snippet: NAME -->} block is compiled as it stands (only the address {@code
 * http://localhost:8080} replaced by the test server's) and its {@code main} run, and what it
 * prints is checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class IntegrationSnippetsTest {
  private static final Path DOC = Path.of("../docs/integrations.md");
  private static final String ADDRESS = "http://localhost:8080";
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: (\\w+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

  /** What each snippet must print against the demo data. */
  private static final Map<String, String> EXPECTED =
      Map.of(
          "ClientSearch", "lighthouses.md",
          "ClientUpload", "succeeded: 1 chunks",
          "LangChain4jRetriever", "neap",
          "LangChain4jEmbeddings", "384 dimensions");

  @TempDir static Path dir;
  private TestServer server;

  @BeforeAll
  void start() {
    server = new TestServer(dir.resolve("data"), Map.of());
    JobStatus demo = DemoCommand.loadSamples(server.engine, Path.of("../samples"));
    assertEquals(0, demo.filesFailed(), demo.failures().toString());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static Map<String, String> snippets() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = SNIPPET.matcher(Files.readString(DOC));
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  @Test
  void everySnippetOfTheDocIsChecked() throws IOException {
    assertEquals(
        new java.util.TreeSet<>(EXPECTED.keySet()), new java.util.TreeSet<>(snippets().keySet()));
  }

  @Test
  void theSnippetsRunAsWrittenAgainstTheDemo() throws Exception {
    for (Map.Entry<String, String> s : snippets().entrySet()) {
      String name = s.getKey();
      String source = s.getValue();
      assertTrue(source.contains(ADDRESS), name + " must name " + ADDRESS);
      assertTrue(source.contains("public class " + name + " "), name + " is a class of its name");
      String printed = run(name, source.replace(ADDRESS, server.base()));
      assertTrue(
          printed.contains(EXPECTED.get(name)),
          name + " printed, without " + EXPECTED.get(name) + ":\n" + printed);
    }
  }

  /** Compiles the class and runs its main with a deadline, returning what it printed. */
  private static String run(String name, String source) throws Exception {
    Path src = dir.resolve("src").resolve(name + ".java");
    Path classes = dir.resolve("classes-" + name);
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(src.toFile());
      boolean ok =
          javac
              .getTask(
                  errors,
                  files,
                  null,
                  List.of("-classpath", classPath(), "-d", classes.toString(), "-proc:none"),
                  null,
                  units)
              .call();
      assertTrue(ok, name + " does not compile as written:\n" + errors);
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream before = System.out;
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, IntegrationSnippetsTest.class.getClassLoader())) {
      Method main = loader.loadClass(name).getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Future<?> done = runner.submit(() -> main.invoke(null, (Object) new String[0]));
      done.get(3, TimeUnit.MINUTES);
    } finally {
      System.setOut(before);
      runner.shutdownNow();
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** The test class path (surefire hands it over in a property when it uses a manifest jar). */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return cp.replace(File.pathSeparatorChar == ':' ? ';' : ':', File.pathSeparatorChar);
  }
}
