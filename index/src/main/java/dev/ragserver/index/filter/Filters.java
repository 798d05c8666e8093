package dev.ragserver.index.filter;

import dev.ragserver.index.schema.ChunkFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** Compiles {@link Filter}s to Lucene queries. */
public final class Filters {
  /** Built-in keyword fields. */
  public static final Set<String> KEYWORDS =
      Set.of(
          ChunkFields.DOC_ID,
          ChunkFields.CHUNK_ID,
          ChunkFields.SOURCE,
          ChunkFields.TITLE,
          ChunkFields.MODALITY);

  /**
   * The filter field for a chunk's page span (a page filter matches chunks whose span overlaps it).
   */
  public static final String PAGE = "page";

  /** Fields every chunk has: an exists filter on them matches everything. */
  public static final Set<String> ALWAYS_PRESENT =
      Set.of(
          ChunkFields.DOC_ID,
          ChunkFields.CHUNK_ID,
          ChunkFields.CHUNK_NO,
          ChunkFields.MODALITY,
          ChunkFields.TEXT);

  private static final String METADATA = "metadata.";

  private Filters() {}

  static void requireField(String field) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("a filter needs a field name, got: \"" + field + "\"");
    }
  }

  static void requireScalar(String field, Object value) {
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException(
          "filter values must be strings, numbers or booleans; "
              + field
              + " got: "
              + (value == null ? "null" : value.getClass().getSimpleName()));
    }
  }

  static List<Filter> requireNonEmpty(String op, List<Filter> filters) {
    if (filters == null || filters.isEmpty()) {
      throw new IllegalArgumentException("filter '" + op + "' needs at least one filter");
    }
    return List.copyOf(filters);
  }

  /** The Lucene query matching exactly the chunks the filter accepts. */
  public static Query toQuery(Filter filter) {
    return switch (filter) {
      case Filter.Equals e -> equalsQuery(e.field(), e.value());
      case Filter.In in -> {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        in.values().forEach(v -> b.add(equalsQuery(in.field(), v), Occur.SHOULD));
        yield b.build();
      }
      case Filter.Range r -> rangeQuery(r);
      case Filter.Exists x -> existsQuery(x.field());
      case Filter.And and -> {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        and.filters().forEach(f -> b.add(toQuery(f), Occur.FILTER));
        yield b.build();
      }
      case Filter.Or or -> {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        or.filters().forEach(f -> b.add(toQuery(f), Occur.SHOULD));
        yield b.setMinimumNumberShouldMatch(1).build();
      }
      case Filter.Not not ->
          new BooleanQuery.Builder()
              .add(MatchAllDocsQuery.INSTANCE, Occur.FILTER)
              .add(toQuery(not.filter()), Occur.MUST_NOT)
              .build();
    };
  }

  /**
   * The metadata key a filter field names: {@code metadata.year} and {@code year} both mean {@code
   * year}.
   */
  public static String metadataKey(String field) {
    return field.startsWith(METADATA) ? field.substring(METADATA.length()) : field;
  }

  private static Query equalsQuery(String field, Object value) {
    if (KEYWORDS.contains(field)) {
      String text = value.toString();
      if (field.equals(ChunkFields.MODALITY)) {
        text = text.toLowerCase(Locale.ROOT);
      }
      return new TermQuery(new Term(field, text));
    }
    if (field.equals(ChunkFields.CHUNK_NO)) {
      return IntPoint.newExactQuery(ChunkFields.CHUNK_NO, intValue(field, value));
    }
    if (field.equals(PAGE)) {
      int page = intValue(field, value);
      return pages(page, page);
    }
    String key = metadataKey(field);
    if (value instanceof Number n) {
      return DoublePoint.newExactQuery(ChunkFields.META_NUMBER + key, n.doubleValue());
    }
    return new TermQuery(new Term(ChunkFields.META_KEYWORD + key, value.toString()));
  }

  /** Chunks whose page span overlaps [from, to]. */
  private static Query pages(int from, int to) {
    return new BooleanQuery.Builder()
        .add(IntPoint.newRangeQuery(ChunkFields.PAGE_START, Integer.MIN_VALUE, to), Occur.FILTER)
        .add(IntPoint.newRangeQuery(ChunkFields.PAGE_END, from, Integer.MAX_VALUE), Occur.FILTER)
        .build();
  }

  private static int intValue(String field, Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new IllegalArgumentException(field + " takes whole numbers, got: " + value);
  }

  private static Query rangeQuery(Filter.Range r) {
    String field = r.field();
    if (KEYWORDS.contains(field)) {
      throw new IllegalArgumentException(
          "range filters need a number, date, chunk_no or page field; "
              + field
              + " is a keyword field");
    }
    List<Object> bounds = new ArrayList<>();
    for (Object o : new Object[] {r.gt(), r.gte(), r.lt(), r.lte()}) {
      if (o != null) {
        bounds.add(o);
      }
    }
    boolean numeric = bounds.stream().allMatch(b -> b instanceof Number);
    if (field.equals(ChunkFields.CHUNK_NO) || field.equals(PAGE)) {
      if (!numeric) {
        throw new IllegalArgumentException(field + " range bounds must be numbers, got: " + bounds);
      }
      int lo =
          r.gt() != null
              ? intValue(field, r.gt()) + 1
              : r.gte() != null ? intValue(field, r.gte()) : Integer.MIN_VALUE;
      int hi =
          r.lt() != null
              ? intValue(field, r.lt()) - 1
              : r.lte() != null ? intValue(field, r.lte()) : Integer.MAX_VALUE;
      return field.equals(PAGE)
          ? pages(lo, hi)
          : IntPoint.newRangeQuery(ChunkFields.CHUNK_NO, lo, hi);
    }
    String key = metadataKey(field);
    if (numeric) {
      double lo =
          r.gt() != null
              ? Math.nextUp(((Number) r.gt()).doubleValue())
              : r.gte() != null ? ((Number) r.gte()).doubleValue() : Double.NEGATIVE_INFINITY;
      double hi =
          r.lt() != null
              ? Math.nextDown(((Number) r.lt()).doubleValue())
              : r.lte() != null ? ((Number) r.lte()).doubleValue() : Double.POSITIVE_INFINITY;
      return DoublePoint.newRangeQuery(ChunkFields.META_NUMBER + key, lo, hi);
    }
    long lo =
        r.gt() != null
            ? date(field, r.gt()) + 1
            : r.gte() != null ? date(field, r.gte()) : Long.MIN_VALUE;
    long hi =
        r.lt() != null
            ? date(field, r.lt()) - 1
            : r.lte() != null ? date(field, r.lte()) : Long.MAX_VALUE;
    return LongPoint.newRangeQuery(ChunkFields.META_DATE + key, lo, hi);
  }

  private static long date(String field, Object bound) {
    Optional<Long> millis = bound instanceof String s ? ChunkFields.parseDate(s) : Optional.empty();
    return millis.orElseThrow(
        () ->
            new IllegalArgumentException(
                "range bounds on "
                    + field
                    + " must all be numbers or all ISO-8601 dates (2024-05-01, 2024-05-01T10:00:00Z), got: "
                    + bound));
  }

  private static Query existsQuery(String field) {
    if (ALWAYS_PRESENT.contains(field)) {
      return MatchAllDocsQuery.INSTANCE;
    }
    if (field.equals(ChunkFields.SOURCE)
        || field.equals(ChunkFields.TITLE)
        || field.equals(PAGE)
        || field.equals(ChunkFields.IMAGE)) {
      return new TermQuery(new Term(ChunkFields.PRESENT, field));
    }
    return new TermQuery(new Term(ChunkFields.PRESENT, METADATA + metadataKey(field)));
  }
}
