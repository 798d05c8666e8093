package dev.ragserver.api.documents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /v1/collections/{c}/documents/delete}: by ids or by filter (one of the
 * two).
 *
 * @param ids document ids
 * @param filter a filter as in queries (see {@link dev.ragserver.api.query.Filters})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteRequest(List<String> ids, JsonNode filter) {
  /** Deletes these documents. */
  public static DeleteRequest ids(List<String> ids) {
    return new DeleteRequest(List.copyOf(ids), null);
  }

  /** Deletes every chunk this filter matches. */
  public static DeleteRequest filter(JsonNode filter) {
    return new DeleteRequest(null, filter);
  }
}
