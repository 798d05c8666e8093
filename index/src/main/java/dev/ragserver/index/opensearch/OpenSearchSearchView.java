package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.schema.ChunkFields;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegRanking;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchView;
import dev.ragserver.model.SparseVector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.lucene.util.BytesRef;

/**
 * The OpenSearch backend's {@link SearchView}: the first-stage legs as sub-queries of one {@code
 * _msearch} ({@code dfs_query_then_fetch}, so BM25 sees the whole index's statistics as the
 * embedded index does), each with the filter inside (for k-NN, inside the graph search); scores
 * reported as the embedded backend reports them (cosines for the vector legs, BGE-M3's lexical
 * score, BM25). Handles are ordinals this view gives the chunks it has seen; token vectors are
 * fetched from {@code _source} for the candidates only, and MaxSim runs in our server.
 */
public final class OpenSearchSearchView implements SearchView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenSearchClient client;
  private final String index;
  private final List<JsonNode> sources = new ArrayList<>();
  private final Map<String, Integer> handles = new HashMap<>();

  public OpenSearchSearchView(OpenSearchClient client, String index) {
    this.client = client;
    this.index = index;
  }

  private synchronized int handle(JsonNode source) {
    String id = source.path(ChunkFields.CHUNK_ID).asText();
    Integer h = handles.get(id);
    if (h == null) {
      h = sources.size();
      sources.add(source);
      handles.put(id, h);
    }
    return h;
  }

  private synchronized JsonNode source(int handle) {
    return sources.get(handle);
  }

  /** A search body of {@code size} hits whose {@code _source} leaves out the heavy fields. */
  static ObjectNode body(int size) {
    ObjectNode b = JSON.createObjectNode().put("size", size);
    ArrayNode excludes = b.putObject("_source").putArray("excludes");
    OpenSearchDocuments.HEAVY_FIELDS.forEach(excludes::add);
    return b;
  }

  @Override
  public List<LegRanking> firstStage(
      List<Leg> legs, int[] depths, QueryInput input, Filter filter, Map<Leg, Long> timings) {
    JsonNode compiled = filter == null ? null : OpenSearchFilters.toQuery(filter);
    List<JsonNode> bodies = new ArrayList<>();
    List<Integer> sent = new ArrayList<>();
    LegRanking[] out = new LegRanking[legs.size()];
    for (int i = 0; i < legs.size(); i++) {
      JsonNode query = query(legs.get(i), input, compiled, depths[i]);
      if (query == null) {
        out[i] = LegRanking.sorted(legs.get(i), new int[0], new float[0], new String[0]);
      } else {
        ObjectNode b = body(depths[i]);
        b.set("query", query);
        bodies.add(b);
        sent.add(i);
      }
    }
    long t0 = System.nanoTime();
    List<JsonNode> responses = bodies.isEmpty() ? List.of() : client.msearch(index, bodies, true);
    long took = System.nanoTime() - t0;
    for (int r = 0; r < responses.size(); r++) {
      int i = sent.get(r);
      Leg leg = legs.get(i);
      JsonNode hits = responses.get(r).path("hits").path("hits");
      int[] docs = new int[hits.size()];
      float[] scores = new float[hits.size()];
      String[] ids = new String[hits.size()];
      for (int j = 0; j < hits.size(); j++) {
        JsonNode hit = hits.get(j);
        docs[j] = handle(hit.get("_source"));
        ids[j] = hit.get("_source").path(ChunkFields.CHUNK_ID).asText();
        float score = (float) hit.path("_score").asDouble();
        scores[j] = leg == Leg.DENSE || leg == Leg.IMAGE ? cosine(score) : score;
      }
      out[i] = LegRanking.sorted(leg, docs, scores, ids);
    }
    for (Leg leg : legs) {
      timings.put(leg, took);
    }
    return List.of(out);
  }

  /**
   * The Lucene engine scores inner products as {@code 1 + dot} (dot ≥ 0) or {@code 1 / (1 − dot)}.
   */
  static float cosine(float score) {
    return score >= 1 ? score - 1 : 1 - 1 / score;
  }

  private static JsonNode query(Leg leg, QueryInput in, JsonNode filter, int depth) {
    return switch (leg) {
      case DENSE -> knn(ChunkFields.DENSE, in.embedding().dense(), filter, depth);
      case IMAGE -> knn(ChunkFields.IMAGE, in.imageVector(), filter, depth);
      case SPARSE -> sparse(in.embedding().sparse(), filter);
      case BM25 -> bm25(in.text(), filter);
      case COLBERT -> throw new IllegalArgumentException("colbert is not a first-stage leg");
    };
  }

  private static JsonNode knn(String field, float[] vector, JsonNode filter, int depth) {
    ObjectNode q = JSON.createObjectNode();
    ObjectNode f = q.putObject("knn").putObject(field);
    ArrayNode v = f.putArray("vector");
    for (float x : vector) {
      v.add(x);
    }
    f.put("k", depth);
    if (filter != null) {
      f.set("filter", filter);
    }
    return q;
  }

  private static JsonNode sparse(SparseVector query, JsonNode filter) {
    if (query.size() == 0) {
      return null;
    }
    ObjectNode q = JSON.createObjectNode();
    ObjectNode bool = q.putObject("bool");
    ArrayNode should = bool.putArray("should");
    for (int i = 0; i < query.size(); i++) {
      ObjectNode feature = should.addObject().putObject("rank_feature");
      feature.put("field", ChunkFields.SPARSE + "." + query.tokenId(i));
      feature.putObject("linear");
      feature.put("boost", Math.max(query.weight(i), Float.MIN_NORMAL));
    }
    bool.put("minimum_should_match", 1);
    if (filter != null) {
      bool.putArray("filter").add(filter);
    }
    return q;
  }

  @Override
  public float bm25Ceiling(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    JsonNode field =
        client
            .termVectors(index, ChunkFields.TEXT, text)
            .path("term_vectors")
            .path(ChunkFields.TEXT);
    long docCount = field.path("field_statistics").path("doc_count").asLong();
    double ceiling = 0;
    for (JsonNode t : field.path("terms")) {
      long df = t.path("doc_freq").asLong(0);
      ceiling += t.path("term_freq").asInt(1) * Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
    }
    return (float) ceiling;
  }

  private static JsonNode bm25(String text, JsonNode filter) {
    ObjectNode q = JSON.createObjectNode();
    ObjectNode bool = q.putObject("bool");
    bool.putArray("must").addObject().putObject("match").put(ChunkFields.TEXT, text);
    if (filter != null) {
      bool.putArray("filter").add(filter);
    }
    return q;
  }

  @Override
  public void scoreTokenVectors(int[] handles, ToDoubleFunction<BytesRef> scorer, float[] out) {
    ObjectNode b = JSON.createObjectNode().put("size", handles.length);
    b.putArray("_source").add(ChunkFields.CHUNK_ID).add(ChunkFields.MULTI);
    ArrayNode ids = b.putObject("query").putObject("ids").putArray("values");
    for (int h : handles) {
      ids.add(source(h).path(ChunkFields.CHUNK_ID).asText());
    }
    Map<String, BytesRef> vectors = new HashMap<>();
    for (JsonNode hit : client.msearch(index, List.of(b)).get(0).path("hits").path("hits")) {
      BytesRef v = OpenSearchDocuments.multiVector(hit.get("_source"));
      if (v != null) {
        vectors.put(hit.get("_id").asText(), v);
      }
    }
    for (int i = 0; i < handles.length; i++) {
      BytesRef v = vectors.get(source(handles[i]).path(ChunkFields.CHUNK_ID).asText());
      out[i] = v == null ? 0f : (float) scorer.applyAsDouble(v);
    }
  }

  @Override
  public String[] chunkIds(int[] handles) {
    return field(handles, ChunkFields.CHUNK_ID);
  }

  @Override
  public String[] documentIds(int[] handles) {
    return field(handles, ChunkFields.DOC_ID);
  }

  private String[] field(int[] handles, String name) {
    String[] out = new String[handles.length];
    for (int i = 0; i < handles.length; i++) {
      out[i] = source(handles[i]).path(name).asText();
    }
    return out;
  }

  @Override
  public StoredChunk chunk(int handle) {
    return OpenSearchDocuments.storedChunk(source(handle));
  }

  @Override
  public List<StoredChunk> neighbours(StoredChunk hit, int before, int after) {
    int n = hit.chunkNumber();
    ObjectNode b = body(before + after + 1);
    b.putArray("sort").addObject().put(ChunkFields.CHUNK_NO, "asc");
    ArrayNode all = b.putObject("query").putObject("bool").putArray("filter");
    all.addObject().putObject("term").put(ChunkFields.DOC_ID, hit.documentId());
    all.addObject()
        .putObject("range")
        .putObject(ChunkFields.CHUNK_NO)
        .put("gte", Math.max(0, n - before))
        .put("lte", n + after);
    List<StoredChunk> out = new ArrayList<>();
    for (JsonNode h : client.msearch(index, List.of(b)).get(0).path("hits").path("hits")) {
      StoredChunk c = OpenSearchDocuments.storedChunk(h.get("_source"));
      if (c.chunkNumber() != n) {
        out.add(c);
      }
    }
    return out;
  }
}
