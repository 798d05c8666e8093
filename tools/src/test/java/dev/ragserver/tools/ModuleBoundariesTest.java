package dev.ragserver.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module layout docs/architecture.md draws, checked on the sources: dependencies point one way
 * (config ← model ← index ← ingest ← server ← tools; config ← api ← server, api ← client ←
 * langchain4j), nothing above the index names a backend's package, the index never sees ONNX
 * Runtime, nothing below the server serves HTTP, the apps' modules (api, client, langchain4j) never
 * reach the server's runtime, and no product module knows the tools.
 */
class ModuleBoundariesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Import prefixes each product module's main sources must not use. */
  private static final Map<String, List<String>> FORBIDDEN =
      Map.of(
          "config",
          List.of(
              "dev.ragserver.api",
              "dev.ragserver.model",
              "dev.ragserver.index",
              "dev.ragserver.ingest",
              "dev.ragserver.server",
              "ai.onnxruntime",
              "org.apache.lucene",
              "io.javalin"),
          "model",
          List.of(
              "dev.ragserver.api",
              "dev.ragserver.index",
              "dev.ragserver.ingest",
              "dev.ragserver.server",
              "org.apache.lucene",
              "io.javalin"),
          "index",
          List.of(
              "dev.ragserver.api",
              "dev.ragserver.ingest",
              "dev.ragserver.server",
              "ai.onnxruntime",
              "ai.djl",
              "io.javalin"),
          "ingest",
          List.of(
              "dev.ragserver.api",
              "dev.ragserver.server",
              "dev.ragserver.index.lucene",
              "dev.ragserver.index.opensearch",
              "ai.onnxruntime",
              "io.javalin"),
          "server",
          List.of(
              "dev.ragserver.index.lucene",
              "dev.ragserver.index.opensearch",
              "dev.ragserver.client",
              "dev.ragserver.langchain4j"),
          // the apps' side: records, the client and the LangChain4j adapter never reach into the
          // server's runtime (models, indexes, HTTP serving)
          "api",
          List.of(
              "dev.ragserver.model",
              "dev.ragserver.index",
              "dev.ragserver.ingest",
              "dev.ragserver.server",
              "dev.ragserver.client",
              "ai.onnxruntime",
              "org.apache.lucene",
              "io.javalin"),
          "client",
          List.of(
              "dev.ragserver.model",
              "dev.ragserver.index",
              "dev.ragserver.ingest",
              "dev.ragserver.server",
              "dev.ragserver.langchain4j",
              "ai.onnxruntime",
              "org.apache.lucene",
              "io.javalin"),
          "langchain4j",
          List.of(
              "dev.ragserver.model",
              "dev.ragserver.index",
              "dev.ragserver.ingest",
              "dev.ragserver.server",
              "ai.onnxruntime",
              "org.apache.lucene",
              "io.javalin"));

  @Test
  void eachModuleImportsOnlyWhatTheArchitectureAllows() throws IOException {
    List<String> broken = new ArrayList<>();
    int files = 0;
    for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
      Path sources = ROOT.resolve(rule.getKey()).resolve("src/main/java");
      assertTrue(Files.isDirectory(sources), "missing " + sources);
      List<Path> java;
      try (Stream<Path> walk = Files.walk(sources)) {
        java = walk.filter(p -> p.toString().endsWith(".java")).toList();
      }
      for (Path file : java) {
        files++;
        for (String line : Files.readAllLines(file)) {
          String imported = imported(line);
          if (imported == null) {
            continue;
          }
          for (String prefix : rule.getValue()) {
            if (imported.startsWith(prefix + ".") || imported.equals(prefix)) {
              broken.add(ROOT.relativize(file) + " imports " + imported);
            }
          }
          if (imported.startsWith("dev.ragserver.tools.")) {
            broken.add(ROOT.relativize(file) + " imports the tools: " + imported);
          }
        }
      }
    }
    assertTrue(files > 100, "sources found: " + files);
    assertEquals(List.of(), broken);
  }

  /** The name an import line imports, or null for any other line. */
  private static String imported(String line) {
    String l = line.strip();
    if (!l.startsWith("import ")) {
      return null;
    }
    l = l.substring("import ".length()).strip();
    if (l.startsWith("static ")) {
      l = l.substring("static ".length()).strip();
    }
    return l.endsWith(";") ? l.substring(0, l.length() - 1) : l;
  }
}
