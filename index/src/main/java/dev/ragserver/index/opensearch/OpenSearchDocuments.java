package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.config.MultiVectorPrecision;
import dev.ragserver.index.multivector.MultiVectorCodec;
import dev.ragserver.index.schema.Chunk;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.Modality;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.SparseVector;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.util.BytesRef;

/**
 * A chunk as an OpenSearch document ({@code _source}) and back: the same fields, names and typed
 * metadata copies as the Lucene backend's {@link ChunkFields}, token vectors base64 in their
 * compact stored form, sparse weights as {@code rank_features} (token id → weight, kept above 0 as
 * {@code FeatureField} keeps them).
 */
public final class OpenSearchDocuments {
  /**
   * Which optional fields a chunk has (for exists filters); OpenSearch reserves names starting with
   * _.
   */
  public static final String PRESENT = "present_fields";

  static final String CHAR_START = "char_start";
  static final String CHAR_END = "char_end";
  static final String HEADING = "heading_path";
  static final String METADATA = "metadata";

  /** Fields a search that only needs the stored chunk does not want back from {@code _source}. */
  static final List<String> HEAVY_FIELDS =
      List.of(
          ChunkFields.MULTI,
          ChunkFields.DENSE,
          ChunkFields.IMAGE,
          ChunkFields.SPARSE,
          "meta_s",
          "meta_n",
          "meta_d",
          PRESENT);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final float MIN_FEATURE = Float.MIN_NORMAL;

  private OpenSearchDocuments() {}

  /** The {@code _source} of a chunk. */
  public static ObjectNode source(Chunk c, MultiVectorPrecision precision) {
    ObjectNode d = JSON.createObjectNode();
    d.put(ChunkFields.CHUNK_ID, c.chunkId());
    d.put(ChunkFields.DOC_ID, c.documentId());
    d.put(ChunkFields.CHUNK_NO, c.chunkNumber());
    d.put(ChunkFields.TEXT, c.text());
    d.put(ChunkFields.MODALITY, c.modality().name().toLowerCase(Locale.ROOT));
    ArrayNode present = d.putArray(PRESENT);
    if (!c.source().isEmpty()) {
      d.put(ChunkFields.SOURCE, c.source());
      present.add(ChunkFields.SOURCE);
    }
    if (!c.title().isEmpty()) {
      d.put(ChunkFields.TITLE, c.title());
      present.add(ChunkFields.TITLE);
    }
    if (c.pageStart() > 0) {
      d.put(ChunkFields.PAGE_START, c.pageStart());
      d.put(ChunkFields.PAGE_END, c.pageEnd());
      present.add("page");
    }
    d.put(CHAR_START, c.charStart());
    d.put(CHAR_END, c.charEnd());
    ArrayNode headings = d.putArray(HEADING);
    c.headingPath().forEach(headings::add);
    d.set(METADATA, JSON.valueToTree(c.metadata()));
    ObjectNode keywords = d.putObject("meta_s");
    ObjectNode numbers = d.putObject("meta_n");
    ObjectNode dates = d.putObject("meta_d");
    for (Map.Entry<String, Object> e : c.metadata().entrySet()) {
      present.add("metadata." + e.getKey());
      List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
      for (Object v : values) {
        if (v instanceof Number n) {
          numbers.withArray(e.getKey()).add(n.doubleValue());
        } else if (v instanceof Boolean b) {
          keywords.withArray(e.getKey()).add(b.toString());
        } else {
          String s = (String) v;
          keywords.withArray(e.getKey()).add(s);
          ChunkFields.parseDate(s).ifPresent(millis -> dates.withArray(e.getKey()).add(millis));
        }
      }
    }
    Embedding e = c.embedding();
    if (e.dense() != null) {
      vector(d.putArray(ChunkFields.DENSE), e.dense());
    }
    if (e.sparse() != null && e.sparse().size() > 0) {
      ObjectNode sparse = d.putObject(ChunkFields.SPARSE);
      SparseVector s = e.sparse();
      for (int i = 0; i < s.size(); i++) {
        sparse.put(Integer.toString(s.tokenId(i)), Math.max(s.weight(i), MIN_FEATURE));
      }
    }
    if (e.multiVector() != null) {
      BytesRef bytes = MultiVectorCodec.encode(e.multiVector(), precision);
      d.put(
          ChunkFields.MULTI,
          Base64.getEncoder()
              .encodeToString(
                  java.util.Arrays.copyOfRange(
                      bytes.bytes, bytes.offset, bytes.offset + bytes.length)));
    }
    if (c.imageVector() != null) {
      vector(d.putArray(ChunkFields.IMAGE), c.imageVector());
      present.add(ChunkFields.IMAGE);
    }
    return d;
  }

  private static void vector(ArrayNode out, float[] v) {
    for (float x : v) {
      out.add(x);
    }
  }

  /** The stored fields of a chunk from its {@code _source}. */
  public static StoredChunk storedChunk(JsonNode s) {
    List<String> headings = new ArrayList<>();
    s.path(HEADING).forEach(h -> headings.add(h.asText()));
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path(METADATA).properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      metadata.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
    }
    return new StoredChunk(
        s.path(ChunkFields.CHUNK_ID).asText(),
        s.path(ChunkFields.DOC_ID).asText(),
        s.path(ChunkFields.CHUNK_NO).asInt(),
        s.path(ChunkFields.TEXT).asText(),
        s.path(ChunkFields.SOURCE).asText(""),
        s.path(ChunkFields.TITLE).asText(""),
        s.path(ChunkFields.PAGE_START).asInt(0),
        s.path(ChunkFields.PAGE_END).asInt(0),
        s.path(CHAR_START).asInt(),
        s.path(CHAR_END).asInt(),
        headings,
        Modality.valueOf(s.path(ChunkFields.MODALITY).asText("text").toUpperCase(Locale.ROOT)),
        metadata);
  }

  /** The stored token vectors of a {@code _source} (the form {@code MaxSim} scores), or null. */
  public static BytesRef multiVector(JsonNode s) {
    JsonNode m = s.path(ChunkFields.MULTI);
    return m.isMissingNode() || m.isNull()
        ? null
        : new BytesRef(Base64.getDecoder().decode(m.asText()));
  }
}
