package dev.ragserver.index.collection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ragserver.config.ImageModelKind;
import dev.ragserver.index.IndexException;
import dev.ragserver.index.JsonFiles;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.ModelInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The manifest of a collection, written as {@code manifest.json} beside its index.
 *
 * @param schemaVersion layout version of the index fields
 * @param name collection name
 * @param created creation time, ISO-8601
 * @param model the embedding model the vectors came from
 * @param imageModel the image model, or null
 * @param settings analyzer, HNSW and quantisation settings
 * @param opensearch where the chunks live on OpenSearch, or null for the embedded Lucene index
 *     (manifests written before the OpenSearch backend have none)
 */
public record CollectionManifest(
    int schemaVersion,
    String name,
    String created,
    ModelSpec model,
    ImageModelSpec imageModel,
    CollectionSettings settings,
    OpenSearchIndex opensearch) {
  /** The layout this server writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  /** This manifest under another name (a collection restored from a snapshot). */
  public CollectionManifest withName(String newName) {
    return new CollectionManifest(
        schemaVersion, newName, created, model, imageModel, settings, opensearch);
  }

  /** Whether the collection has an image field and leg (a CLIP-style image model's). */
  public boolean hasImageLeg() {
    return imageModel != null && imageModel.ownLeg();
  }

  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = JsonFiles.MAPPER;

  public CollectionManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(settings, "settings");
  }

  /**
   * The text model whose embeddings a collection holds.
   *
   * @param id model name
   * @param parts parts it produces
   * @param denseDimension dense dimensions, 0 without dense
   * @param multiVectorDimension token vector dimensions, 0 without multi-vectors
   */
  public record ModelSpec(
      String id, Set<EmbeddingPart> parts, int denseDimension, int multiVectorDimension) {
    public ModelSpec {
      parts = Set.copyOf(new TreeSet<>(parts));
    }

    /** The spec of a loaded model. */
    public static ModelSpec of(ModelInfo info) {
      return new ModelSpec(
          info.id(), info.parts(), info.denseDimension(), info.multiVectorDimension());
    }

    /** Whether the model produces this part. */
    public boolean has(EmbeddingPart part) {
      return parts.contains(part);
    }

    @Override
    public String toString() {
      return id
          + " (dense "
          + denseDimension
          + " dims, token vectors "
          + multiVectorDimension
          + " dims, parts "
          + new TreeSet<>(parts)
          + ")";
    }
  }

  /**
   * The image model whose vectors the collection holds: a CLIP-style model's in the image field
   * (the image leg), a Visualized BGE model's in the dense field beside the text chunks'.
   *
   * @param id model name
   * @param dimension vector dimensions
   * @param kind {@code clip} or {@code visualized-bge} (manifests written before there were kinds
   *     have none: {@code clip})
   */
  public record ImageModelSpec(
      String id,
      int dimension,
      @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Clip.class) String kind) {
    /**
     * Leaves the kind {@code clip} out of the JSON, so that an earlier server, which knows no kinds
     * and refuses unknown fields, still reads a CLIP collection's manifest (and refuses a
     * Visualized BGE one rather than taking it for CLIP). Jackson's value filter: equal means
     * "leave out".
     */
    static final class Clip {
      @Override
      public boolean equals(Object value) {
        return ImageModelKind.CLIP.id().equals(value);
      }

      @Override
      public int hashCode() {
        return ImageModelKind.CLIP.id().hashCode();
      }
    }

    public ImageModelSpec {
      Objects.requireNonNull(id, "id");
      if (dimension < 1) {
        throw new IllegalArgumentException(
            "an image model's dimension must be at least 1, got: " + dimension);
      }
      kind = ImageModelKind.of(kind == null ? ImageModelKind.CLIP.id() : kind).id();
    }

    /** A CLIP-style model's spec. */
    public static ImageModelSpec clip(String id, int dimension) {
      return new ImageModelSpec(id, dimension, ImageModelKind.CLIP.id());
    }

    /** The spec of a model of this kind. */
    public static ImageModelSpec of(String id, int dimension, ImageModelKind kind) {
      return new ImageModelSpec(id, dimension, kind.id());
    }

    /** What the model is. */
    public ImageModelKind modelKind() {
      return ImageModelKind.of(kind);
    }

    /** Whether its vectors have a field and leg of their own (CLIP), not the dense one. */
    public boolean ownLeg() {
      return ImageModelKind.CLIP.id().equals(kind);
    }

    @Override
    public String toString() {
      return (ownLeg() ? "the CLIP-style image model " : "the Visualized BGE model ")
          + id
          + " ("
          + dimension
          + " dims)";
    }
  }

  /** Reads {@code manifest.json} of a collection folder. */
  public static CollectionManifest read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      return checked(JSON.readValue(file.toFile(), CollectionManifest.class));
    } catch (IOException e) {
      throw new IndexException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The manifest as JSON, as {@code manifest.json} and a cluster's catalog hold it. */
  public JsonNode toJson() {
    return JSON.valueToTree(this);
  }

  /** A manifest from its JSON (a cluster's catalog entry), checked as a folder's is. */
  public static CollectionManifest fromJson(JsonNode json) {
    try {
      return checked(JSON.treeToValue(json, CollectionManifest.class));
    } catch (IOException e) {
      throw new IndexException("cannot read a collection manifest: " + e.getMessage(), e);
    }
  }

  /** The manifest, unless its schema is one this server cannot serve. */
  private static CollectionManifest checked(CollectionManifest m) {
    if (m.schemaVersion() > SCHEMA_VERSION) {
      throw new IndexException(
          "collection "
              + m.name()
              + " was written by a newer rag (index schema "
              + m.schemaVersion()
              + "); this server reads schema "
              + SCHEMA_VERSION
              + ": upgrade the server, or restore a backup taken before the upgrade (docs/operations.md)");
    }
    if (m.schemaVersion() < SCHEMA_VERSION) {
      throw new IndexException(
          "collection "
              + m.name()
              + " has index schema "
              + m.schemaVersion()
              + ", which this server cannot migrate to schema "
              + SCHEMA_VERSION
              + ": re-create it and re-ingest its documents (docs/operations.md)");
    }
    return m;
  }

  /** Writes {@code manifest.json} atomically (temporary file, then rename). */
  public void write(Path dir) {
    JsonFiles.writeAtomically(JSON, dir, FILE, this);
  }

  /**
   * The OpenSearch index of a collection on the OpenSearch backend.
   *
   * @param index the index name
   * @param shards primary shards
   * @param replicas replicas per shard
   */
  public record OpenSearchIndex(String index, int shards, int replicas) {}

  /**
   * The backend that holds the chunks: {@code opensearch} when the manifest names an index, else
   * {@code lucene}.
   */
  public String backend() {
    return opensearch == null ? "lucene" : "opensearch";
  }

  /** Fails unless this collection's vectors came from the given model. */
  public void requireModel(ModelInfo running) {
    ModelSpec actual = ModelSpec.of(running);
    if (!actual.equals(model)) {
      throw new IndexException(
          "collection "
              + name
              + " holds embeddings of "
              + model
              + ", but the model it is embedded with here is "
              + actual
              + ". Configure model "
              + model.id()
              + " as it was when the collection was built (models."
              + model.id()
              + " in the configuration), or create a new collection and re-ingest the documents");
    }
  }
}
