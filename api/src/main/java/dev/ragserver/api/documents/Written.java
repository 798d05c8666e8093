package dev.ragserver.api.documents;

/**
 * What a JSON upsert wrote.
 *
 * @param documents documents written
 * @param chunks chunks written
 */
public record Written(int documents, int chunks) {}
