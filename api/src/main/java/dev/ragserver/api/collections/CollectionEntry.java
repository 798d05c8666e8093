package dev.ragserver.api.collections;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One entry of {@code GET /v1/collections}: a collection, or one that cannot be opened and why
 * (read back by which fields it has: an {@code error} makes it {@link Unavailable}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({
  @JsonSubTypes.Type(CollectionView.class),
  @JsonSubTypes.Type(CollectionEntry.Unavailable.class)
})
public sealed interface CollectionEntry permits CollectionView, CollectionEntry.Unavailable {
  /** The collection's name. */
  String name();

  /**
   * A collection that cannot serve (its model missing or not served, its index locked by another
   * process or damaged), listed with the reason so that it does not hide the others.
   *
   * @param name the collection's name
   * @param model the text model its manifest names, as {@code {id}} (null when the manifest cannot
   *     be read)
   * @param error why it cannot serve
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Unavailable(String name, ModelId model, String error) implements CollectionEntry {
    /** An entry for a collection whose manifest names this model (null: unknown). */
    public static Unavailable of(String name, String model, String error) {
      return new Unavailable(name, model == null ? null : new ModelId(model), error);
    }
  }

  /**
   * A model named by its id, as a collection's {@code model} object names it.
   *
   * @param id the model id
   */
  record ModelId(String id) {}

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
