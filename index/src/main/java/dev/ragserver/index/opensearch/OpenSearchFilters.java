package dev.ragserver.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.filter.Filters;
import dev.ragserver.index.schema.ChunkFields;
import java.util.Locale;

/**
 * Compiles {@link Filter}s to OpenSearch query DSL with exactly the meaning {@link Filters} gives
 * them on the Lucene backend (same fields, same typed metadata copies, pages as overlapping spans,
 * exclusive bounds as exclusive). The filter is first compiled for Lucene too, so a bad filter
 * fails with the same message on both backends.
 */
public final class OpenSearchFilters {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METADATA = "metadata.";

  private OpenSearchFilters() {}

  /** The OpenSearch query matching exactly the chunks the filter accepts. */
  public static JsonNode toQuery(Filter filter) {
    Filters.toQuery(filter); // the same validation and messages as the Lucene backend
    return compile(filter);
  }

  private static JsonNode compile(Filter filter) {
    return switch (filter) {
      case Filter.Equals e -> equalsQuery(e.field(), e.value());
      case Filter.In in -> {
        ObjectNode q = JSON.createObjectNode();
        ObjectNode bool = q.putObject("bool");
        ArrayNode should = bool.putArray("should");
        in.values().forEach(v -> should.add(equalsQuery(in.field(), v)));
        bool.put("minimum_should_match", 1);
        yield q;
      }
      case Filter.Range r -> rangeQuery(r);
      case Filter.Exists x -> existsQuery(x.field());
      case Filter.Text t -> {
        ObjectNode q = JSON.createObjectNode();
        String field = Filters.textField(t);
        if (t.match() == Filter.TextMatch.PREFIX) {
          q.putObject("prefix").putObject(field).put("value", t.text());
        } else {
          q.putObject("wildcard").putObject(field).put("value", t.match().pattern(t.text()));
        }
        yield q;
      }
      case Filter.And and -> {
        ObjectNode bool = JSON.createObjectNode();
        ArrayNode all = bool.putObject("bool").putArray("filter");
        and.filters().forEach(f -> all.add(compile(f)));
        yield bool;
      }
      case Filter.Or or -> {
        ObjectNode q = JSON.createObjectNode();
        ObjectNode bool = q.putObject("bool");
        ArrayNode any = bool.putArray("should");
        or.filters().forEach(f -> any.add(compile(f)));
        bool.put("minimum_should_match", 1);
        yield q;
      }
      case Filter.Not not -> {
        ObjectNode bool = JSON.createObjectNode();
        bool.putObject("bool").putArray("must_not").add(compile(not.filter()));
        yield bool;
      }
    };
  }

  private static ObjectNode term(String field, Object value) {
    ObjectNode q = JSON.createObjectNode();
    q.putObject("term").set(field, JSON.valueToTree(value));
    return q;
  }

  private static ObjectNode range(String field, String op1, Object v1, String op2, Object v2) {
    ObjectNode q = JSON.createObjectNode();
    ObjectNode r = q.putObject("range").putObject(field);
    if (v1 != null) {
      r.set(op1, JSON.valueToTree(v1));
    }
    if (v2 != null) {
      r.set(op2, JSON.valueToTree(v2));
    }
    return q;
  }

  private static JsonNode equalsQuery(String field, Object value) {
    if (Filters.KEYWORDS.contains(field)) {
      String text = value.toString();
      return term(field, field.equals(ChunkFields.MODALITY) ? text.toLowerCase(Locale.ROOT) : text);
    }
    if (field.equals(ChunkFields.CHUNK_NO)) {
      return term(ChunkFields.CHUNK_NO, ((Number) value).intValue());
    }
    if (field.equals(Filters.PAGE)) {
      int page = ((Number) value).intValue();
      return pages(page, page);
    }
    String key = Filters.metadataKey(field);
    if (value instanceof Number n) {
      return term(ChunkFields.META_NUMBER + key, n.doubleValue());
    }
    return term(ChunkFields.META_KEYWORD + key, value.toString());
  }

  /** Chunks whose page span overlaps [from, to]. */
  private static JsonNode pages(long from, long to) {
    ObjectNode q = JSON.createObjectNode();
    ArrayNode all = q.putObject("bool").putArray("filter");
    all.add(range(ChunkFields.PAGE_START, "lte", to, null, null));
    all.add(range(ChunkFields.PAGE_END, "gte", from, null, null));
    return q;
  }

  private static JsonNode rangeQuery(Filter.Range r) {
    String field = r.field();
    boolean numeric = true;
    for (Object o : new Object[] {r.gt(), r.gte(), r.lt(), r.lte()}) {
      numeric &= o == null || o instanceof Number;
    }
    if (field.equals(ChunkFields.CHUNK_NO) || field.equals(Filters.PAGE)) {
      long lo =
          r.gt() != null
              ? ((Number) r.gt()).longValue() + 1
              : r.gte() != null ? ((Number) r.gte()).longValue() : Integer.MIN_VALUE;
      long hi =
          r.lt() != null
              ? ((Number) r.lt()).longValue() - 1
              : r.lte() != null ? ((Number) r.lte()).longValue() : Integer.MAX_VALUE;
      return field.equals(Filters.PAGE)
          ? pages(lo, hi)
          : range(ChunkFields.CHUNK_NO, "gte", lo, "lte", hi);
    }
    String key = Filters.metadataKey(field);
    ObjectNode q = JSON.createObjectNode();
    ObjectNode bounds =
        q.putObject("range")
            .putObject(numeric ? ChunkFields.META_NUMBER + key : ChunkFields.META_DATE + key);
    String[] ops = {"gt", "gte", "lt", "lte"};
    Object[] values = {r.gt(), r.gte(), r.lt(), r.lte()};
    for (int i = 0; i < 4; i++) {
      if (values[i] == null) {
        continue;
      }
      if (numeric) {
        bounds.put(ops[i], ((Number) values[i]).doubleValue());
      } else {
        bounds.put(ops[i], ChunkFields.parseDate((String) values[i]).orElseThrow());
      }
    }
    return q;
  }

  private static JsonNode existsQuery(String field) {
    if (Filters.ALWAYS_PRESENT.contains(field)) {
      return JSON.createObjectNode().set("match_all", JSON.createObjectNode());
    }
    if (field.equals(ChunkFields.SOURCE)
        || field.equals(ChunkFields.TITLE)
        || field.equals(Filters.PAGE)
        || field.equals(ChunkFields.IMAGE)) {
      return term(OpenSearchDocuments.PRESENT, field);
    }
    return term(OpenSearchDocuments.PRESENT, METADATA + Filters.metadataKey(field));
  }
}
