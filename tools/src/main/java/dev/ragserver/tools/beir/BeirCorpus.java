package dev.ragserver.tools.beir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a BEIR {@code corpus.jsonl}: one JSON object per line with {@code _id}, {@code title},
 * {@code text}.
 */
public final class BeirCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One document.
   *
   * @param id the {@code _id}
   * @param title the title, "" when absent
   * @param text the body
   */
  public record Document(String id, String title, String text) {
    /** The text BEIR evaluations embed: title + " " + text (just the text without a title). */
    public String titleAndText() {
      return title.isEmpty() ? text : title + " " + text;
    }
  }

  private BeirCorpus() {}

  /** The first {@code limit} documents of the file, in file order. */
  public static List<Document> read(Path file, int limit) throws IOException {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got: " + limit);
    }
    List<Document> docs = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while (docs.size() < limit && (line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new IOException(file + " line " + number + " is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.hasNonNull("_id") || !node.hasNonNull("text")) {
          throw new IOException(
              file + " line " + number + " needs \"_id\" and \"text\", got: " + abbreviate(line));
        }
        docs.add(
            new Document(
                node.get("_id").asText(),
                node.path("title").asText(""),
                node.get("text").asText()));
      }
    }
    return docs;
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
