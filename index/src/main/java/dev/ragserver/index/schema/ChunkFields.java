package dev.ragserver.index.schema;

import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.index.multivector.MultiVectorCodec;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.SparseVector;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/** The Lucene fields of a chunk, and the conversions both ways. */
public final class ChunkFields {
  /** Chunk id: keyword, stored, binary doc values (the deterministic tie-breaker). */
  public static final String CHUNK_ID = "chunk_id";

  /** Document id: keyword, stored, binary doc values (grouping), terms (upsert, neighbours). */
  public static final String DOC_ID = "doc_id";

  /** Position in the document: int point, numeric doc values, stored. */
  public static final String CHUNK_NO = "chunk_no";

  /** Chunk text: analysed for BM25, stored. */
  public static final String TEXT = "text";

  /** Source path or URL: keyword, stored. */
  public static final String SOURCE = "source";

  /** Title: keyword, stored. */
  public static final String TITLE = "title";

  /** First and last page: int points, stored. */
  public static final String PAGE_START = "page_start";

  public static final String PAGE_END = "page_end";
  static final String CHAR_START = "char_start";
  static final String CHAR_END = "char_end";
  static final String HEADING = "heading_path";

  /** Modality: keyword (text, image), stored. */
  public static final String MODALITY = "modality";

  static final String METADATA = "metadata";

  /**
   * Everything a hit shows, as one binary doc value ({@link ChunkRecord}); the same values are
   * stored fields too (chunks written before it have only those).
   */
  public static final String RECORD = "_chunk";

  /** Names of the optional fields a chunk has, for exists filters. */
  public static final String PRESENT = "_fields";

  /** Dense vector (HNSW, dot product of unit vectors). */
  public static final String DENSE = "dense";

  /** Sparse lexical weights: one feature per token id. */
  public static final String SPARSE = "sparse";

  /** Token vectors for late interaction (binary doc values). */
  public static final String MULTI = "multi";

  /** Image-space vector (HNSW). */
  public static final String IMAGE = "image";

  /** Prefix of metadata keyword fields (strings and booleans). */
  public static final String META_KEYWORD = "meta_s.";

  /** Prefix of metadata number fields (double points). */
  public static final String META_NUMBER = "meta_n.";

  /** Prefix of metadata date fields (long points, epoch milliseconds). */
  public static final String META_DATE = "meta_d.";

  private static final float MIN_FEATURE = Float.MIN_NORMAL;

  private ChunkFields() {}

  /** The Lucene document of a chunk. */
  public static Document toDocument(Chunk c, MultiVectorPrecision precision) {
    Document d = new Document();
    d.add(new StringField(CHUNK_ID, c.chunkId(), Field.Store.YES));
    // binary, not sorted, doc values: reading a value back needs no terms-dictionary lookup
    d.add(new BinaryDocValuesField(CHUNK_ID, new BytesRef(c.chunkId())));
    d.add(new StringField(DOC_ID, c.documentId(), Field.Store.YES));
    d.add(new BinaryDocValuesField(DOC_ID, new BytesRef(c.documentId())));
    d.add(new IntPoint(CHUNK_NO, c.chunkNumber()));
    d.add(new NumericDocValuesField(CHUNK_NO, c.chunkNumber()));
    d.add(new StoredField(CHUNK_NO, c.chunkNumber()));
    d.add(new TextField(TEXT, c.text(), Field.Store.YES));
    d.add(
        new StringField(
            MODALITY, c.modality().name().toLowerCase(java.util.Locale.ROOT), Field.Store.YES));
    if (!c.source().isEmpty()) {
      d.add(new StringField(SOURCE, c.source(), Field.Store.YES));
      d.add(new StringField(PRESENT, SOURCE, Field.Store.NO));
    }
    if (!c.title().isEmpty()) {
      d.add(new StringField(TITLE, c.title(), Field.Store.YES));
      d.add(new StringField(PRESENT, TITLE, Field.Store.NO));
    }
    if (c.pageStart() > 0) {
      d.add(new IntPoint(PAGE_START, c.pageStart()));
      d.add(new StoredField(PAGE_START, c.pageStart()));
      d.add(new IntPoint(PAGE_END, c.pageEnd()));
      d.add(new StoredField(PAGE_END, c.pageEnd()));
      d.add(new StringField(PRESENT, "page", Field.Store.NO));
    }
    d.add(new StoredField(CHAR_START, c.charStart()));
    d.add(new StoredField(CHAR_END, c.charEnd()));
    for (String h : c.headingPath()) {
      d.add(new StoredField(HEADING, h));
    }
    addMetadata(d, c.metadata());
    d.add(new BinaryDocValuesField(RECORD, ChunkRecord.encode(c.stored())));
    Embedding e = c.embedding();
    float[] dense = e.dense();
    if (dense != null) {
      d.add(new KnnFloatVectorField(DENSE, dense, VectorSimilarityFunction.DOT_PRODUCT));
    }
    if (e.sparse() != null) {
      SparseVector s = e.sparse();
      for (int i = 0; i < s.size(); i++) {
        d.add(
            new FeatureField(
                SPARSE, Integer.toString(s.tokenId(i)), Math.max(s.weight(i), MIN_FEATURE)));
      }
    }
    if (e.multiVector() != null) {
      d.add(new BinaryDocValuesField(MULTI, MultiVectorCodec.encode(e.multiVector(), precision)));
    }
    float[] image = c.imageVector();
    if (image != null) {
      d.add(new KnnFloatVectorField(IMAGE, image, VectorSimilarityFunction.DOT_PRODUCT));
      d.add(new StringField(PRESENT, IMAGE, Field.Store.NO));
    }
    return d;
  }

  private static void addMetadata(Document d, Map<String, Object> metadata) {
    if (metadata.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      d.add(new StringField(PRESENT, "metadata." + e.getKey(), Field.Store.NO));
      List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
      for (Object v : values) {
        String key = e.getKey();
        if (v instanceof Number n) {
          d.add(new DoublePoint(META_NUMBER + key, n.doubleValue()));
        } else if (v instanceof Boolean b) {
          d.add(new StringField(META_KEYWORD + key, b.toString(), Field.Store.NO));
        } else {
          String s = (String) v;
          d.add(new StringField(META_KEYWORD + key, s, Field.Store.NO));
          parseDate(s).ifPresent(millis -> d.add(new LongPoint(META_DATE + key, millis)));
        }
      }
    }
    d.add(new StoredField(METADATA, ChunkRecord.metadataJson(metadata)));
  }

  /** Epoch milliseconds of an ISO-8601 date ({@code 2024-05-01}) or instant/offset date-time. */
  public static Optional<Long> parseDate(String s) {
    if (s.length() < 10 || s.length() > 40 || !Character.isDigit(s.charAt(0))) {
      return Optional.empty();
    }
    try {
      if (s.length() == 10) {
        return Optional.of(
            LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
      }
      if (s.endsWith("Z")) {
        return Optional.of(Instant.parse(s).toEpochMilli());
      }
      return Optional.of(OffsetDateTime.parse(s).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The stored fields of a chunk document (chunks without a {@link #RECORD}). */
  public static StoredChunk fromDocument(Document d) {
    List<String> headings = new ArrayList<>();
    for (String h : d.getValues(HEADING)) {
      headings.add(h);
    }
    String json = d.get(METADATA);
    Map<String, Object> metadata = json == null ? Map.of() : ChunkRecord.parseMetadata(json);
    return new StoredChunk(
        d.get(CHUNK_ID),
        d.get(DOC_ID),
        intOf(d, CHUNK_NO),
        d.get(TEXT),
        d.get(SOURCE) == null ? "" : d.get(SOURCE),
        d.get(TITLE) == null ? "" : d.get(TITLE),
        intOf(d, PAGE_START),
        intOf(d, PAGE_END),
        intOf(d, CHAR_START),
        intOf(d, CHAR_END),
        headings,
        Modality.valueOf(d.get(MODALITY).toUpperCase(java.util.Locale.ROOT)),
        metadata);
  }

  private static int intOf(Document d, String field) {
    var f = d.getField(field);
    return f == null || f.numericValue() == null ? 0 : f.numericValue().intValue();
  }
}
