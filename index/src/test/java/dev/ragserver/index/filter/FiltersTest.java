package dev.ragserver.index.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.model.Embedding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each filter selects exactly the chunks a user expects. */
class FiltersTest {
  private static ByteBuffersDirectory directory;
  private static DirectoryReader reader;
  private static IndexSearcher searcher;

  @BeforeAll
  static void index() throws IOException {
    directory = new ByteBuffersDirectory();
    try (IndexWriter w =
        new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
      Object[][] rows = {
        // id, pages, metadata
        {
          "a",
          1,
          1,
          Map.of("year", 2021, "tag", List.of("x", "y"), "draft", true, "date", "2024-01-10")
        },
        {
          "b",
          2,
          4,
          Map.of("year", 2022, "tag", "y", "draft", false, "date", "2024-03-01T12:00:00Z")
        },
        {"c", 5, 5, Map.of("year", 2023.5, "tag", "z")},
        {"d", 0, 0, Map.of()},
      };
      for (Object[] r : rows) {
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) r[3];
        String id = (String) r[0];
        Chunk c =
            new Chunk(
                id,
                "doc-" + id,
                id.charAt(0) - 'a',
                "text " + id,
                id.equals("d") ? "" : "s/" + id,
                id.equals("a") ? "Alpha" : "",
                (int) r[1],
                (int) r[2],
                0,
                1,
                List.of(),
                id.equals("c") ? Modality.IMAGE : Modality.TEXT,
                meta,
                new Embedding(new float[] {1, 0}, null, null, 2, false),
                null);
        w.addDocument(ChunkFields.toDocument(c, MultiVectorPrecision.INT8));
      }
    }
    reader = DirectoryReader.open(directory);
    searcher = new IndexSearcher(reader);
  }

  @AfterAll
  static void close() throws IOException {
    reader.close();
    directory.close();
  }

  private static List<String> ids(Filter f) throws IOException {
    TreeSet<String> ids = new TreeSet<>();
    for (ScoreDoc sd : searcher.search(Filters.toQuery(f), 100).scoreDocs) {
      ids.add(searcher.storedFields().document(sd.doc).get(ChunkFields.CHUNK_ID));
    }
    return new ArrayList<>(ids);
  }

  @Test
  void equalsOnMetadataBuiltInsAndListValues() throws IOException {
    assertEquals(List.of("a", "b"), ids(new Filter.Equals("tag", "y")));
    assertEquals(List.of("a"), ids(new Filter.Equals("metadata.tag", "x")));
    assertEquals(List.of("b"), ids(new Filter.Equals("year", 2022)));
    assertEquals(List.of("a"), ids(new Filter.Equals("draft", true)));
    assertEquals(List.of("b"), ids(new Filter.Equals("doc_id", "doc-b")));
    assertEquals(List.of("c"), ids(new Filter.Equals("modality", "IMAGE")));
    assertEquals(List.of("a"), ids(new Filter.Equals("title", "Alpha")));
    assertEquals(List.of("c"), ids(new Filter.Equals("chunk_no", 2)));
  }

  @Test
  void pageEqualsMatchesChunksSpanningThePage() throws IOException {
    assertEquals(List.of("b"), ids(new Filter.Equals("page", 3)));
    assertEquals(List.of("b", "c"), ids(new Filter.Range("page", null, 4, null, 5)));
  }

  @Test
  void inMatchesAnyValue() throws IOException {
    assertEquals(List.of("a", "c"), ids(new Filter.In("tag", List.of("x", "z"))));
  }

  @Test
  void rangesOnNumbersAndDates() throws IOException {
    assertEquals(List.of("b", "c"), ids(new Filter.Range("year", 2021, null, null, null)));
    assertEquals(List.of("a", "b"), ids(new Filter.Range("year", null, 2021, null, 2022)));
    assertEquals(List.of("c"), ids(new Filter.Range("year", null, 2023.5, null, null)));
    assertEquals(List.of("b"), ids(new Filter.Range("date", null, "2024-02-01", null, null)));
    assertEquals(
        List.of("a"), ids(new Filter.Range("date", null, null, "2024-03-01T12:00:00Z", null)));
  }

  @Test
  void existsAndOrNot() throws IOException {
    assertEquals(List.of("a", "b"), ids(new Filter.Exists("draft")));
    assertEquals(List.of("a", "b", "c"), ids(new Filter.Exists("source")));
    assertEquals(List.of("a", "b", "c"), ids(new Filter.Exists("page")));
    assertEquals(List.of("a", "b", "c", "d"), ids(new Filter.Exists("doc_id")));
    assertEquals(
        List.of("b"),
        ids(
            new Filter.And(
                List.of(new Filter.Equals("tag", "y"), new Filter.Equals("draft", false)))));
    assertEquals(
        List.of("a", "c"),
        ids(new Filter.Or(List.of(new Filter.Equals("tag", "x"), new Filter.Equals("tag", "z")))));
    assertEquals(List.of("c", "d"), ids(new Filter.Not(new Filter.Equals("tag", "y"))));
  }

  @Test
  void badFiltersSayWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Filters.toQuery(new Filter.Range("date", "yesterday", null, null, null)));
    assertTrue(
        e.getMessage().contains("must all be numbers or all ISO-8601 dates"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Filter.Range("year", 1, 2, null, null));
    assertThrows(IllegalArgumentException.class, () -> new Filter.In("tag", List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Filters.toQuery(new Filter.Range("source", 1, null, null, null)));
    assertThrows(IllegalArgumentException.class, () -> new Filter.Equals("tag", Map.of()));
  }

  @Test
  void inMatchesAnyOfItsValuesOfEveryKindAndALongOneIsOneClause() throws IOException {
    assertEquals(List.of("a", "c"), ids(new Filter.In("tag", List.of("x", "z"))));
    assertEquals(List.of("a", "c"), ids(new Filter.In("year", List.of(2021, 2023.5))));
    assertEquals(List.of("a", "b"), ids(new Filter.In("year", List.of("none", 2022, 2021))));
    assertEquals(List.of("a", "b"), ids(new Filter.In("doc_id", List.of("doc-a", "doc-b"))));
    assertEquals(List.of("b", "c"), ids(new Filter.In("chunk_no", List.of(1, 2))));
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add("tag-" + i);
    }
    many.add("z");
    assertEquals(List.of("c"), ids(new Filter.In("tag", many)), "5,001 values, no TooManyClauses");
  }

  @Test
  void depthAndNodesCountWhatAUserWrote() {
    Filter team = new Filter.Equals("team", "red");
    assertEquals(1, Filters.depth(team));
    assertEquals(1, Filters.nodes(team));
    Filter nested =
        new Filter.And(List.of(team, new Filter.Not(new Filter.In("year", List.of(1, 2, 3)))));
    assertEquals(3, Filters.depth(nested), "and > not > in");
    assertEquals(6, Filters.nodes(nested), "and, equals, not, three values");
  }

  @Test
  void simplifyCancelsDoubleNegationsAndFlattensNestedOperators() throws IOException {
    Filter x = new Filter.Equals("tag", "y");
    Filter y = new Filter.Equals("draft", true);
    Filter z = new Filter.Exists("year");
    assertEquals(x, Filters.simplify(new Filter.Not(new Filter.Not(x))));
    assertEquals(
        new Filter.Not(x), Filters.simplify(new Filter.Not(new Filter.Not(new Filter.Not(x)))));
    assertEquals(
        new Filter.And(List.of(x, y, z)),
        Filters.simplify(new Filter.And(List.of(x, new Filter.And(List.of(y, z))))));
    assertEquals(
        new Filter.Or(List.of(x, y)),
        Filters.simplify(new Filter.Or(List.of(new Filter.Or(List.of(x)), y))));
    assertEquals(x, Filters.simplify(new Filter.And(List.of(new Filter.Not(new Filter.Not(x))))));
    Filter deep = x;
    for (int i = 0; i < 200; i++) {
      deep = new Filter.Not(deep);
    }
    assertEquals(x, Filters.simplify(deep), "an even number of nots is none");
    assertEquals(ids(x), ids(Filters.simplify(new Filter.Not(new Filter.Not(x)))));
  }
}
