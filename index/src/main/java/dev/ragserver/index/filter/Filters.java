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
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;

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

  /** How many levels deep the filter nests: a condition is 1, {@code not(condition)} is 2. */
  public static int depth(Filter filter) {
    return switch (filter) {
      case Filter.And and -> 1 + and.filters().stream().mapToInt(Filters::depth).max().orElse(0);
      case Filter.Or or -> 1 + or.filters().stream().mapToInt(Filters::depth).max().orElse(0);
      case Filter.Not not -> 1 + depth(not.filter());
      default -> 1;
    };
  }

  /** The filter's size: one per condition and operator, one per value of an {@code in}. */
  public static int nodes(Filter filter) {
    return switch (filter) {
      case Filter.And and -> 1 + and.filters().stream().mapToInt(Filters::nodes).sum();
      case Filter.Or or -> 1 + or.filters().stream().mapToInt(Filters::nodes).sum();
      case Filter.Not not -> 1 + nodes(not.filter());
      case Filter.In in -> in.values().size();
      default -> 1;
    };
  }

  /**
   * The same condition in its simplest form: double negations cancel ({@code not(not(x))} is {@code
   * x}), an and inside an and (an or inside an or) joins its parent, and an and/or of one filter is
   * that filter.
   */
  public static Filter simplify(Filter filter) {
    return switch (filter) {
      case Filter.Not not -> {
        Filter inner = simplify(not.filter());
        yield inner instanceof Filter.Not twice ? twice.filter() : new Filter.Not(inner);
      }
      case Filter.And and -> {
        List<Filter> parts =
            flattened(and.filters(), f -> f instanceof Filter.And a ? a.filters() : null);
        yield parts.size() == 1 ? parts.get(0) : new Filter.And(parts);
      }
      case Filter.Or or -> {
        List<Filter> parts =
            flattened(or.filters(), f -> f instanceof Filter.Or o ? o.filters() : null);
        yield parts.size() == 1 ? parts.get(0) : new Filter.Or(parts);
      }
      default -> filter;
    };
  }

  /**
   * The parts simplified, each part of the same operator replaced by its own parts.
   *
   * @param sameOperator a part's own parts when it is of the same operator, else null
   */
  private static List<Filter> flattened(
      List<Filter> parts, java.util.function.Function<Filter, List<Filter>> sameOperator) {
    List<Filter> out = new ArrayList<>();
    for (Filter f : parts) {
      Filter s = simplify(f);
      List<Filter> nested = sameOperator.apply(s);
      if (nested == null) {
        out.add(s);
      } else {
        out.addAll(nested);
      }
    }
    return out;
  }

  /** The Lucene query matching exactly the chunks the filter accepts. */
  public static Query toQuery(Filter filter) {
    return switch (filter) {
      case Filter.Equals e -> equalsQuery(e.field(), e.value());
      case Filter.In in -> inQuery(in);
      case Filter.Range r -> rangeQuery(r);
      case Filter.Exists x -> existsQuery(x.field());
      case Filter.Text t -> textQuery(t);
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

  /**
   * One set query per kind of value (terms, numbers) rather than a clause per value, so a long
   * {@code in} costs one clause of Lucene's clause limit, not one per value.
   */
  private static Query inQuery(Filter.In in) {
    String field = in.field();
    boolean keywordField = KEYWORDS.contains(field);
    boolean metadata = !keywordField && !field.equals(ChunkFields.CHUNK_NO) && !field.equals(PAGE);
    if (!keywordField && !metadata) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      in.values().forEach(v -> b.add(equalsQuery(field, v), Occur.SHOULD));
      return b.setMinimumNumberShouldMatch(1).build();
    }
    List<BytesRef> terms = new ArrayList<>();
    List<Double> numbers = new ArrayList<>();
    for (Object v : in.values()) {
      if (metadata && v instanceof Number n) {
        numbers.add(n.doubleValue());
      } else {
        String text = v.toString();
        terms.add(
            new BytesRef(
                field.equals(ChunkFields.MODALITY) ? text.toLowerCase(Locale.ROOT) : text));
      }
    }
    String termField = keywordField ? field : ChunkFields.META_KEYWORD + metadataKey(field);
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (!terms.isEmpty()) {
      b.add(new TermInSetQuery(termField, terms), Occur.SHOULD);
    }
    if (!numbers.isEmpty()) {
      b.add(
          DoublePoint.newSetQuery(
              ChunkFields.META_NUMBER + metadataKey(field),
              numbers.stream().mapToDouble(Double::doubleValue).toArray()),
          Occur.SHOULD);
    }
    return b.setMinimumNumberShouldMatch(1).build();
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

  /**
   * The keyword field a text filter reads: a built-in keyword field or the metadata key's keyword
   * copy; page and chunk_no are numbers, which text filters refuse.
   */
  public static String textField(Filter.Text t) {
    String field = t.field();
    if (KEYWORDS.contains(field)) {
      return field;
    }
    if (field.equals(ChunkFields.CHUNK_NO) || field.equals(PAGE)) {
      throw new IllegalArgumentException(
          "filter '" + t.match().label() + "' needs a text field; " + field + " is a number");
    }
    return ChunkFields.META_KEYWORD + metadataKey(field);
  }

  private static Query textQuery(Filter.Text t) {
    String field = textField(t);
    return t.match() == Filter.TextMatch.PREFIX
        ? new PrefixQuery(new Term(field, t.text()))
        : new WildcardQuery(new Term(field, t.match().pattern(t.text())));
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
