package dev.ragserver.index.search;

import dev.ragserver.index.filter.Filter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A query as a client asks for it, before embedding: text and/or an image, how to search ({@link
 * SearchOptions}), and whether to explain the hits. The one query type that the HTTP JSON body, a
 * multipart image query, the CLI, Dify's {@code /retrieval} and the evaluation harness all build
 * with {@link #builder}; it validates itself in its constructor (the options in theirs), each
 * mistake an {@link InvalidQueryException} naming the API field.
 *
 * @param text query text, or null for an image-only query
 * @param image image bytes, or null
 * @param options page, legs, fusion, filter, grouping, threshold, neighbours
 * @param explain whether the answer shows each hit's per-leg scores and the timings
 */
@SuppressWarnings("ArrayRecordComponent")
// arrays on purpose (image bytes; the constructor and accessor copy them); its equals and hashCode
// compare them by content
public record SearchQuery(String text, byte[] image, SearchOptions options, boolean explain) {
  public SearchQuery {
    Objects.requireNonNull(options, "options");
    int max = options.limits().maxQueryChars();
    if (text != null && text.length() > max) {
      throw new InvalidQueryException(
          "query",
          "query must be at most "
              + max
              + " characters (server.max_query_chars), got: "
              + text.length());
    }
    image = image == null ? null : image.clone();
    if ((text == null || text.isBlank()) && image == null) {
      throw new InvalidQueryException("query", "a query needs \"query\" text or an \"image\"");
    }
  }

  @Override
  public byte[] image() {
    return image == null ? null : image.clone();
  }

  /** The text, or null when it is missing or blank. */
  public String textOrNull() {
    return text == null || text.isBlank() ? null : text;
  }

  /** Whether a query image came with it. */
  public boolean hasImage() {
    return image != null;
  }

  /** A builder with these defaults and limits. */
  public static Builder builder(SearchDefaults defaults, QueryLimits limits) {
    return new Builder(SearchOptions.builder(defaults, limits));
  }

  /** Collects a query's fields; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private final SearchOptions.Builder options;
    private String text;
    private byte[] image;
    private boolean explain;

    private Builder(SearchOptions.Builder options) {
      this.options = options;
    }

    /** The query text (null for none). */
    public Builder text(String value) {
      text = value;
      return this;
    }

    /** The query image's bytes (null for none). */
    public Builder image(byte[] value) {
      image = value;
      return this;
    }

    /** Whether the answer explains each hit's per-leg scores. */
    public Builder explain(boolean value) {
      explain = value;
      return this;
    }

    /** Hits per page. */
    public Builder topK(int value) {
      options.topK(value);
      return this;
    }

    /** Hits skipped. */
    public Builder offset(int value) {
      options.offset(value);
      return this;
    }

    /** The legs to run (empty: every leg that can). */
    public Builder legs(List<LegSpec> value) {
      options.legs(value);
      return this;
    }

    /** The fusion; the builder starts with the default one. */
    public Builder fusion(Fusion value) {
      options.fusion(value);
      return this;
    }

    /** A condition every hit meets (null for none). */
    public Builder filter(Filter value) {
      options.filter(value);
      return this;
    }

    /** Grouping by document (null for none). */
    public Builder groupBy(GroupBy value) {
      options.groupBy(value);
      return this;
    }

    /** Minimum normalised score, NaN for none. */
    public Builder minRelevance(float value) {
      options.minRelevance(value);
      return this;
    }

    public Builder scoreThreshold(float value) {
      options.scoreThreshold(value);
      return this;
    }

    /** Neighbouring chunks returned before and after each hit. */
    public Builder neighbours(int before, int after) {
      options.neighbours(before, after);
      return this;
    }

    /** The query, validated: the options first, then the text and image. */
    public SearchQuery build() {
      return new SearchQuery(text, image, options.build(), explain);
    }
  }

  /** Equal when every component is (arrays by content). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SearchQuery other
        && Objects.equals(text, other.text)
        && Arrays.equals(image, other.image)
        && Objects.equals(options, other.options)
        && explain == other.explain;
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(text, options, explain) + Arrays.hashCode(image);
  }
}
