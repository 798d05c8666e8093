package dev.ragserver.server.query;

import dev.ragserver.config.ImageModelConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.QueryInput;
import dev.ragserver.index.search.SearchOptions;
import dev.ragserver.index.search.SearchQuery;
import dev.ragserver.index.search.SearchRequest;
import dev.ragserver.index.search.SearchResult;
import dev.ragserver.ingest.loader.ImageText;
import dev.ragserver.ingest.loader.Images;
import dev.ragserver.ingest.loader.LoadException;
import dev.ragserver.ingest.loader.LoaderLimits;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.concurrent.Deadline;
import dev.ragserver.model.image.ClipEncoder;
import dev.ragserver.server.engine.Collections;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.ApiException;
import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a query into the inputs of every leg and runs it: the text is embedded for the text legs
 * with the collection's own text model; with an image model shared by the collection, the text also
 * becomes a vector in the image space (text → images), a query image becomes its image vector
 * (image → images), text and image together their normalised weighted sum; a query image without
 * text is also read by OCR, so it finds text chunks (and without an image model, that is how it
 * searches). What the HTTP API, the CLI and /retrieval share.
 */
public final class QueryService {
  private final Collections collections;
  private final ClipEncoder imageModel;
  private final ImageText ocr;
  private final ImageModelConfig jointWeights;
  private final LoaderLimits imageLimits;
  private final int maxQueryChars;
  private final QueryEmbeddings cache;

  /**
   * @param imageModel the server's image model, or null without one
   * @param ocr reads the text of an image-only query
   * @param jointWeights the text and image weights of a text + image query
   * @param imageLimits the size and pixel limits a query image must meet
   * @param maxQueryChars the longest text an image's OCR gives the text legs
   * @param cacheSize query embeddings kept ({@code model.query_cache_size}; 0 = none)
   */
  public QueryService(
      Collections collections,
      ClipEncoder imageModel,
      ImageText ocr,
      ImageModelConfig jointWeights,
      LoaderLimits imageLimits,
      int maxQueryChars,
      int cacheSize) {
    this.collections = collections;
    this.imageModel = imageModel;
    this.ocr = ocr;
    this.jointWeights = jointWeights;
    this.imageLimits = imageLimits;
    this.maxQueryChars = maxQueryChars;
    this.cache = new QueryEmbeddings(cacheSize);
  }

  /** The query service of this engine's models and settings. */
  public static QueryService of(Engine engine) {
    return new QueryService(
        engine.collections(),
        engine.imageModel().orElse(null),
        engine.imageText(),
        engine.config().imageModel(),
        queryImageLimits(engine),
        engine.config().server().maxQueryChars(),
        engine.config().model().queryCacheSize());
  }

  /** Queries whose embedding came from the cache ({@code model.query_cache_size}). */
  public long cacheHits() {
    return cache.hits();
  }

  /** Queries whose embedding ran the model. */
  public long cacheMisses() {
    return cache.misses();
  }

  /**
   * Ingest's image limits with the (lower) query pixel limit: a query image is decoded, embedded
   * and read by OCR while its client waits, so it gets less room than a file in a job.
   */
  private static LoaderLimits queryImageLimits(Engine engine) {
    LoaderLimits ingest = LoaderLimits.of(engine.config().ingest());
    return new LoaderLimits(
        Math.min(ingest.maxImagePixels(), engine.config().server().maxQueryImagePixels()),
        ingest.maxImagesPerDocument(),
        ingest.maxFileBytes(),
        ingest.maxPdfPages());
  }

  /**
   * The result and how long embedding took.
   *
   * @param result hits and per-leg timings
   * @param embedNanos time spent embedding the query (text and image)
   * @param text the text the text legs searched for (the OCR text of an image-only query)
   */
  public record Answer(SearchResult result, long embedNanos, String text) {}

  /** Runs a query on a collection, stopping its search at the deadline. */
  public Answer run(String collection, SearchQuery query, Deadline deadline) {
    CollectionIndex index = collections.get(collection);
    // only the work the requested legs need (no legs given = every leg the collection has)
    SearchOptions options = query.options();
    // from the manifest (the model's parts, checked when it loads): no model load for a query
    // that needs none
    Set<EmbeddingPart> parts = textParts(options, index.manifest().model().parts());
    Optional<ClipEncoder> clip =
        options.runs(Leg.IMAGE) ? imageModelOf(index.manifest()) : Optional.empty();
    long t0 = System.nanoTime();
    String text = query.textOrNull();
    float[] imageVector = null;
    if (query.hasImage()) {
      BufferedImage image = decode(query.image());
      if (clip.isPresent()) {
        float[] picture = clip.get().embedImages(List.of(image)).get(0);
        imageVector =
            text == null
                ? picture
                : ClipEncoder.joint(
                    clip.get().embedTexts(List.of(text)).get(0),
                    picture,
                    jointWeights.textWeight(),
                    jointWeights.imageWeight());
      }
      if (text == null) {
        String read = ocr.read(image).strip();
        int max = maxQueryChars;
        text = read.isEmpty() ? null : read.length() > max ? read.substring(0, max) : read;
      }
      if (imageVector == null && text == null) {
        throw ApiException.badField(
            "image",
            "collection "
                + collection
                + " cannot be searched by this image: "
                + (index.manifest().imageModel() == null
                    ? "it has no image model"
                    : "the server does not run its image"
                        + " model "
                        + index.manifest().imageModel().id())
                + ", and OCR found no text in the image");
      }
    } else if (clip.isPresent() && text != null) {
      imageVector = clip.get().embedTexts(List.of(text)).get(0);
    }
    deadline.check("the query's image");
    String queryText = text;
    Embedding embedding =
        text == null || parts.isEmpty()
            ? null
            : cache.get(
                index.manifest().model().id(),
                text,
                parts,
                () -> collections.embedder(index).embedQueries(List.of(queryText), parts).get(0));
    long embedNanos = System.nanoTime() - t0;
    deadline.check("the query's embedding");
    QueryInput input = new QueryInput(text, embedding, imageVector);
    return new Answer(index.search(new SearchRequest(input, options, deadline)), embedNanos, text);
  }

  /**
   * The parts of the query's embedding its legs need, of those the model has: every one when the
   * query names no legs (it then runs every leg that can); a dense vector for the dense leg and for
   * ColBERT alone (which rescores the dense leg's candidates), sparse weights for the sparse leg,
   * token vectors for ColBERT. A dense-only query of a built-in model is then one text through the
   * model instead of two (the instructed text and the bare one).
   */
  static Set<EmbeddingPart> textParts(SearchOptions options, Set<EmbeddingPart> model) {
    if (options.legs().isEmpty()) {
      return model;
    }
    Set<EmbeddingPart> parts = EnumSet.noneOf(EmbeddingPart.class);
    boolean colbertAlone = options.legs().stream().allMatch(l -> l.leg() == Leg.COLBERT);
    if (options.runs(Leg.DENSE) || colbertAlone) {
      parts.add(EmbeddingPart.DENSE);
    }
    if (options.runs(Leg.SPARSE)) {
      parts.add(EmbeddingPart.SPARSE);
    }
    if (options.runs(Leg.COLBERT)) {
      parts.add(EmbeddingPart.MULTI_VECTOR);
    }
    parts.retainAll(model);
    return parts;
  }

  /** The server's image model when the collection was built with it. */
  private Optional<ClipEncoder> imageModelOf(CollectionManifest manifest) {
    CollectionManifest.ImageModelSpec spec = manifest.imageModel();
    if (spec == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(imageModel)
        .filter(c -> c.id().equals(spec.id()) && c.dimension() == spec.dimension());
  }

  private BufferedImage decode(byte[] bytes) {
    LoaderLimits limits = imageLimits;
    try {
      Images.header(bytes, limits);
      return Images.decode(bytes);
    } catch (LoadException e) {
      throw ApiException.badField("image", "the query image cannot be used: " + e.getMessage());
    }
  }
}
