package dev.ragserver.api.documents;

import java.util.List;

/**
 * The JSON body of {@code POST /v1/collections/{c}/documents}.
 *
 * @param documents documents to write
 */
public record UpsertRequest(List<DocumentInput> documents) {}
