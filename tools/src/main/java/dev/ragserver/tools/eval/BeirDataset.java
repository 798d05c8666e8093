package dev.ragserver.tools.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.tools.beir.BeirArchives;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A BEIR-format folder: {@code corpus.jsonl}, the queries ({@code queries.<split>.jsonl}, else
 * {@code queries.jsonl}) and {@code qrels/<split>.tsv} ({@code query-id corpus-id score}, header
 * first). Only queries that have judgments are evaluated.
 */
public final class BeirDataset {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path folder;

  public BeirDataset(Path folder) {
    if (!Files.isRegularFile(folder.resolve("corpus.jsonl"))) {
      throw new IllegalArgumentException("not a BEIR dataset folder (no corpus.jsonl): " + folder);
    }
    this.folder = folder;
  }

  /**
   * A dataset named by a folder (relative to {@code base} when not absolute) or by its BEIR name
   * ({@code scifact}, {@code nfcorpus}, ...), downloaded into the archives' cache on first use.
   */
  public static BeirDataset open(String spec, Path base, BeirArchives archives, PrintWriter log)
      throws IOException, InterruptedException {
    Path folder = base.resolve(spec).normalize();
    if (Files.isDirectory(folder)) {
      return new BeirDataset(folder);
    }
    if (archives.knows(spec)) {
      return new BeirDataset(archives.fetch(spec, log));
    }
    throw new IllegalArgumentException(
        "dataset "
            + spec
            + " is neither a folder nor a BEIR dataset name ("
            + String.join(", ", archives.names())
            + ")");
  }

  /** The folder. */
  public Path folder() {
    return folder;
  }

  /** The corpus file. */
  public Path corpus() {
    return folder.resolve("corpus.jsonl");
  }

  /** Judgments of a split: query id → (document id → relevance > 0). */
  public Map<String, Map<String, Integer>> qrels(String split) throws IOException {
    Path file = folder.resolve("qrels").resolve(split + ".tsv");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "split " + split + " has no judgments: " + file + " is missing");
    }
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || (i == 0 && line.startsWith("query-id"))) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 3) {
        throw new IOException(
            file + " line " + (i + 1) + " needs query-id, corpus-id and score: " + line);
      }
      int rel;
      try {
        rel = Integer.parseInt(f[2].strip());
      } catch (NumberFormatException e) {
        throw new IOException(
            file + " line " + (i + 1) + ": score must be a whole number, got: " + f[2], e);
      }
      if (rel > 0) {
        out.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).put(f[1].strip(), rel);
      }
    }
    return out;
  }

  /** The texts of the queries that have judgments in a split, by query id. */
  public Map<String, String> queries(String split) throws IOException {
    Path file = folder.resolve("queries." + split + ".jsonl");
    if (!Files.isRegularFile(file)) {
      file = folder.resolve("queries.jsonl");
    }
    Map<String, Map<String, Integer>> judged = qrels(split);
    Map<String, String> out = new TreeMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        String id = n.path("_id").asText();
        if (judged.containsKey(id)) {
          out.put(id, n.path("text").asText());
        }
      }
    }
    if (out.size() != judged.size()) {
      throw new IOException(
          file
              + " lacks the text of "
              + (judged.size() - out.size())
              + " judged queries of split "
              + split);
    }
    return out;
  }
}
