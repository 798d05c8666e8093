package dev.ragserver.index.search;

/**
 * A query that breaks a rule, naming the request field at fault (a JSON path such as {@code top_k}
 * or {@code legs.dense.weight}) so that every caller, the HTTP API included, reports the same field
 * and message.
 */
public final class InvalidQueryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidQueryException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The field at fault, as a JSON path of the query API's body. */
  public String field() {
    return field;
  }

  /**
   * The same mistake seen from a body that nests the query's fields under {@code prefix} (Dify's
   * {@code retrieval_setting.top_k}): the field and a message that starts with it are renamed.
   */
  public InvalidQueryException under(String prefix) {
    String message = getMessage();
    if (message.startsWith(field)) {
      message = prefix + message;
    }
    return new InvalidQueryException(prefix + field, message);
  }
}
