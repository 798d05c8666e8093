package dev.ragserver.api.embeddings;

import java.util.List;

/**
 * OpenAI's list of models ({@code GET /v1/models}).
 *
 * @param object always {@code list}
 * @param data the models
 */
public record ModelList(String object, List<Model> data) {}
