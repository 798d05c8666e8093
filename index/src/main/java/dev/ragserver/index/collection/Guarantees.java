package dev.ragserver.index.collection;

/**
 * What a backend promises about writes, stated in code so that callers and the contract tests read
 * the same thing. A backend that cannot keep a promise says so here instead of in a comment.
 *
 * @param atomicDocumentUpsert a search sees all of a document's old chunks or all of its new ones,
 *     never a mix, while {@link CollectionIndex#upsert} replaces them
 * @param durableOnCommit every write acknowledged before {@link CollectionIndex#commit()} returned
 *     survives a crash or {@code kill -9} of this server
 * @param visibleAfterRefresh every write made before {@link CollectionIndex#refresh()} returned is
 *     seen by the searches that start after it
 * @param commitsOnClose {@link CollectionIndex#close()} makes pending writes durable (false: what
 *     was not committed may be lost, or was durable already)
 */
public record Guarantees(
    boolean atomicDocumentUpsert,
    boolean durableOnCommit,
    boolean visibleAfterRefresh,
    boolean commitsOnClose) {}
