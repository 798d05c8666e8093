package dev.ragserver.api.embeddings;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One model as OpenAI's {@code GET /v1/models} lists it: each served text model under its own name
 * (inputs embedded as documents) and under its query alias {@code NAME:query}.
 *
 * @param id its name, to pass as {@code model}
 * @param object always {@code model}
 * @param created Unix seconds
 * @param ownedBy always {@code rag-server}
 */
public record Model(String id, String object, long created, String ownedBy) {
  /** The suffix of a model's query alias. */
  public static final String QUERY_SUFFIX = ":query";

  /** Whether this is a query alias ({@code NAME:query}). */
  @JsonIgnore
  public boolean isQueryAlias() {
    return id.endsWith(QUERY_SUFFIX);
  }
}
