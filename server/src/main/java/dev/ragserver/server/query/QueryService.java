package dev.ragserver.server.query;

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
import dev.ragserver.model.image.ImageEncoder;
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
 * with the collection's own text model. With a CLIP-style image model shared by the collection, the
 * text also becomes a vector in the image space (text → images), a query image its image vector
 * (image → images), text and image together their normalised weighted sum, all for the image leg.
 * With a Visualized BGE model, images live in the dense space: a query image, or an image with
 * text, becomes the dense leg's vector (one model run), while the text's sparse and token vectors
 * still serve their legs; a text alone is the text model's as always. A query image without text is
 * also read by OCR, so it finds text chunks (and without an image model, that is how it searches).
 * An image query to a collection built with another image model than the server's is refused,
 * saying both. What the HTTP API, the CLI and /retrieval share.
 */
public final class QueryService {
  private final Collections collections;
  private final ImageEncoder imageModel;
  private final ImageText ocr;
  private final LoaderLimits imageLimits;
  private final int maxQueryChars;
  private final QueryEmbeddings cache;

  /**
   * @param imageModel the server's image model, or null without one
   * @param ocr reads the text of an image-only query
   * @param imageLimits the size and pixel limits a query image must meet
   * @param maxQueryChars the longest text an image's OCR gives the text legs
   * @param cacheSize query embeddings kept ({@code model.query_cache_size}; 0 = none)
   */
  public QueryService(
      Collections collections,
      ImageEncoder imageModel,
      ImageText ocr,
      LoaderLimits imageLimits,
      int maxQueryChars,
      int cacheSize) {
    this.collections = collections;
    this.imageModel = imageModel;
    this.ocr = ocr;
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
    CollectionManifest manifest = index.manifest();
    // only the work the requested legs need (no legs given = every leg the collection has)
    SearchOptions options = query.options();
    // from the manifest (the model's parts, checked when it loads): no model load for a query
    // that needs none
    Set<EmbeddingPart> parts = textParts(options, manifest.model().parts());
    CollectionManifest.ImageModelSpec spec = manifest.imageModel();
    // a CLIP-style model's vectors feed the image leg, a Visualized BGE model's the dense one
    boolean imageLeg = spec != null && spec.ownLeg() && options.runs(Leg.IMAGE);
    boolean denseImage = spec != null && !spec.ownLeg() && parts.contains(EmbeddingPart.DENSE);
    Optional<ImageEncoder> encoder =
        imageLeg || denseImage ? imageModelOf(manifest) : Optional.empty();
    long t0 = System.nanoTime();
    String text = query.textOrNull();
    float[] imageVector = null;
    float[] denseVector = null;
    if (query.hasImage()) {
      BufferedImage image = decode(query.image());
      if ((imageLeg || denseImage) && imageModel != null && encoder.isEmpty()) {
        throw ApiException.badField(
            "image",
            collections.imageModelProblem(manifest).orElseThrow()
                + ": an image query needs the collection's own image model (image_model in the"
                + " server's configuration); text queries still run");
      }
      if (encoder.isPresent()) {
        float[] v = encoder.get().embedQuery(image, text);
        if (imageLeg) {
          imageVector = v;
        } else {
          denseVector = v;
        }
      }
      if (text == null) {
        String read = ocr.read(image).strip();
        int max = maxQueryChars;
        text = read.isEmpty() ? null : read.length() > max ? read.substring(0, max) : read;
      }
      if (imageVector == null && denseVector == null && text == null) {
        throw ApiException.badField(
            "image",
            "collection "
                + collection
                + " cannot be searched by this image: "
                + (spec == null
                    ? "it has no image model"
                    : "the server does not run its image model " + spec.id())
                + ", and OCR found no text in the image");
      }
    } else if (imageLeg && encoder.isPresent() && text != null) {
      imageVector = encoder.get().embedQuery(null, text);
    }
    deadline.check("the query's image");
    String queryText = text;
    // the image's vector stands for the dense part: the text model gives only the others
    Set<EmbeddingPart> textParts = EnumSet.noneOf(EmbeddingPart.class);
    textParts.addAll(parts);
    if (denseVector != null) {
      textParts.remove(EmbeddingPart.DENSE);
    }
    Embedding embedding =
        text == null || textParts.isEmpty()
            ? null
            : cache.get(
                manifest.model().id(),
                text,
                textParts,
                () ->
                    collections.embedder(index).embedQueries(List.of(queryText), textParts).get(0));
    if (denseVector != null) {
      embedding =
          embedding == null ? Embedding.ofDense(denseVector, 1) : embedding.withDense(denseVector);
    }
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

  /**
   * The server's image model when the collection was built with it (and, for Visualized BGE, its
   * text model).
   */
  private Optional<ImageEncoder> imageModelOf(CollectionManifest manifest) {
    return manifest.imageModel() == null || collections.imageModelProblem(manifest).isPresent()
        ? Optional.empty()
        : Optional.ofNullable(imageModel);
  }

  private BufferedImage decode(byte[] bytes) {
    try {
      return Images.decode(bytes, imageLimits);
    } catch (LoadException e) {
      throw ApiException.badField("image", "the query image cannot be used: " + e.getMessage());
    }
  }
}
