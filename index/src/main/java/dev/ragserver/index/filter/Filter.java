package dev.ragserver.index.filter;

import java.util.List;
import java.util.Objects;

/**
 * A condition on chunks. Fields are the built-in ones ({@code doc_id}, {@code chunk_id}, {@code
 * source}, {@code title}, {@code modality}, {@code chunk_no}, {@code page}) or metadata keys (bare,
 * or prefixed {@code metadata.}). Values are strings, numbers or booleans; range bounds are numbers
 * or ISO-8601 dates.
 */
public sealed interface Filter {
  /** The field equals the value (for {@code page}: the chunk's pages include it). */
  record Equals(String field, Object value) implements Filter {
    public Equals {
      Filters.requireField(field);
      Filters.requireScalar(field, value);
    }
  }

  /** The field equals one of the values. */
  record In(String field, List<Object> values) implements Filter {
    public In {
      Filters.requireField(field);
      if (values == null || values.isEmpty()) {
        throw new IllegalArgumentException("filter 'in' on " + field + " needs at least one value");
      }
      values.forEach(v -> Filters.requireScalar(field, v));
      values = List.copyOf(values);
    }
  }

  /** The field lies in a range; null bounds are open. */
  record Range(String field, Object gt, Object gte, Object lt, Object lte) implements Filter {
    public Range {
      Filters.requireField(field);
      if (gt == null && gte == null && lt == null && lte == null) {
        throw new IllegalArgumentException(
            "filter 'range' on " + field + " needs at least one of gt, gte, lt, lte");
      }
      if ((gt != null && gte != null) || (lt != null && lte != null)) {
        throw new IllegalArgumentException(
            "filter 'range' on " + field + " takes gt or gte, and lt or lte, not both");
      }
    }
  }

  /**
   * A keyword field's value starts with, ends with or contains the text (exact case, as keywords
   * are stored); numbers and dates do not match.
   */
  record Text(String field, TextMatch match, String text) implements Filter {
    public Text {
      Filters.requireField(field);
      Objects.requireNonNull(match, "filter 'text' needs a match kind");
      if (text == null || text.isEmpty()) {
        throw new IllegalArgumentException(
            "filter '" + match.label() + "' on " + field + " needs a non-empty text");
      }
    }
  }

  /** How a {@link Text} filter matches. */
  enum TextMatch {
    PREFIX("starts with"),
    SUFFIX("ends with"),
    CONTAINS("contains");

    private final String label;

    TextMatch(String label) {
      this.label = label;
    }

    /** What the match says, in words. */
    public String label() {
      return label;
    }

    /** A Lucene/OpenSearch wildcard pattern for the text, its own wildcards escaped. */
    public String pattern(String text) {
      String t = text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
      return switch (this) {
        case PREFIX -> t + "*";
        case SUFFIX -> "*" + t;
        case CONTAINS -> "*" + t + "*";
      };
    }
  }

  /** The chunk has the field. */
  record Exists(String field) implements Filter {
    public Exists {
      Filters.requireField(field);
    }
  }

  /** Every filter holds. */
  record And(List<Filter> filters) implements Filter {
    public And {
      filters = Filters.requireNonEmpty("and", filters);
    }
  }

  /** At least one filter holds. */
  record Or(List<Filter> filters) implements Filter {
    public Or {
      filters = Filters.requireNonEmpty("or", filters);
    }
  }

  /** The filter does not hold. */
  record Not(Filter filter) implements Filter {
    public Not {
      Objects.requireNonNull(filter, "filter 'not' needs a filter");
    }
  }
}
