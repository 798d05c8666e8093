package dev.ragserver.server.collections;

import java.util.List;

/** One entry of {@code GET /v1/collections}: a collection, or one that cannot be opened and why. */
public sealed interface CollectionEntry permits CollectionView, CollectionEntry.Unavailable {
  /**
   * A collection that cannot be opened (locked by another process, built with another model,
   * damaged), listed with the reason so that it does not hide the others.
   *
   * @param name the collection's name
   * @param error why it cannot be opened
   */
  record Unavailable(String name, String error) implements CollectionEntry {}

  /**
   * The body of {@code GET /v1/collections}.
   *
   * @param collections every collection, sorted by name
   */
  record Listing(List<CollectionEntry> collections) {}

  /**
   * The body of a delete.
   *
   * @param deleted the deleted collection's name
   */
  record Deleted(String deleted) {}
}
