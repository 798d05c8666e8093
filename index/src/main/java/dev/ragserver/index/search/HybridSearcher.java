package dev.ragserver.index.search;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.multivector.MaxSim;
import dev.ragserver.index.relevance.RelevanceContext;
import dev.ragserver.index.relevance.RelevanceModel;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.concurrent.Futures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs a {@link SearchRequest} against one {@link SearchView} (one consistent view of a collection,
 * whichever backend holds it): resolves the legs, runs the first stage through the view, ColBERT
 * rescoring of the first-stage fusion's best candidates (MaxSim here, over the view's stored token
 * vectors), the final fusion, threshold, grouping, paging and neighbours. Everything after the
 * first stage is the same for every backend.
 */
public final class HybridSearcher {
  /** Candidates per rescoring task: below this, splitting costs more than it saves. */
  private static final int RESCORE_SLICE = 16;

  private final CollectionManifest manifest;
  private final SearchDefaults defaults;
  private final Executor legExecutor;
  private final RelevanceModel relevance;

  /**
   * @param legExecutor runs rescoring slices concurrently (a direct executor runs them in turn)
   * @param relevance the collection's relevance model
   */
  public HybridSearcher(
      CollectionManifest manifest,
      SearchConfig search,
      Executor legExecutor,
      RelevanceModel relevance) {
    this.manifest = manifest;
    this.defaults = new SearchDefaults(search);
    this.legExecutor = legExecutor;
    this.relevance = relevance;
  }

  /**
   * The searcher of the collection in {@code dir}: its hits estimated with the collection's
   * relevance model ({@link RelevanceModel#forCollection}).
   */
  public static HybridSearcher forCollection(
      java.nio.file.Path dir,
      CollectionManifest manifest,
      SearchConfig search,
      Executor legExecutor) {
    return new HybridSearcher(
        manifest, search, legExecutor, RelevanceModel.forCollection(dir, manifest.model().id()));
  }

  /** The relevance model its hits are estimated with. */
  public RelevanceModel relevance() {
    return relevance;
  }

  /** Runs the legs, fuses, thresholds, groups, pages and adds neighbours. */
  public SearchResult search(SearchView view, SearchRequest request) {
    try {
      return run(view, request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SearchResult run(SearchView view, SearchRequest request) throws IOException {
    SearchOptions options = request.options();
    List<LegSpec> legs = resolveLegs(request);
    Map<Leg, Long> nanos = new ConcurrentHashMap<>();
    Fusion fusion = defaults.fusion(options.fusion());
    Map<Leg, Float> weights = new EnumMap<>(Leg.class);
    legs.forEach(spec -> weights.put(spec.leg(), defaults.weight(fusion, spec)));
    List<LegRanking> rankings = runLegs(view, request, legs, fusion, weights, nanos);
    List<Fuser.Fused> fused = Fuser.fuse(fusion, rankings, weights);
    int candidates = fused.size();
    RelevanceContext context = relevanceContext(view, request, legs, fused);
    if (!Float.isNaN(options.scoreThreshold())) {
      fused = fused.stream().filter(f -> f.normalized() >= options.scoreThreshold()).toList();
    }
    if (!Float.isNaN(options.minRelevance())) {
      fused =
          fused.stream()
              .filter(f -> relevance.estimate(f.legs(), context) >= options.minRelevance())
              .toList();
    }
    if (options.groupBy() != null) {
      fused = group(view, fused, options.groupBy().perDocument());
    }
    List<Fuser.Fused> page =
        fused.subList(
            Math.min(options.offset(), fused.size()), Math.min(options.pageEnd(), fused.size()));
    List<Hit> hits = new ArrayList<>(page.size());
    for (Fuser.Fused f : page) {
      StoredChunk chunk = view.chunk(f.doc());
      List<StoredChunk> neighbours =
          options.neighboursBefore() + options.neighboursAfter() == 0
              ? List.of()
              : view.neighbours(chunk, options.neighboursBefore(), options.neighboursAfter());
      hits.add(
          new Hit(
              chunk,
              f.score(),
              f.normalized(),
              relevance.estimate(f.legs(), context),
              f.legs(),
              neighbours));
    }
    return new SearchResult(
        hits, legs.stream().map(LegSpec::leg).toList(), candidates, nanos, context);
  }

  /**
   * What this query's relevance estimates read its candidates' scores against, from all of them
   * (before any threshold, so a threshold does not move the estimates).
   */
  private static RelevanceContext relevanceContext(
      SearchView view, SearchRequest request, List<LegSpec> legs, List<Fuser.Fused> fused)
      throws IOException {
    String text = request.input().text();
    boolean bm25 = legs.stream().anyMatch(l -> l.leg() == Leg.BM25);
    return new RelevanceContext(
        bm25 && text != null ? view.bm25Ceiling(text) : 0,
        topMean(fused, Leg.DENSE),
        topMean(fused, Leg.COLBERT));
  }

  /** The mean of a leg's ten best scores among the candidates, NaN when none has one. */
  static float topMean(List<Fuser.Fused> fused, Leg leg) {
    return (float)
        fused.stream()
            .map(f -> f.legs().get(leg))
            .filter(Objects::nonNull)
            .map(LegScore::score)
            .sorted(Comparator.reverseOrder())
            .limit(10)
            .mapToDouble(Float::doubleValue)
            .average()
            .orElse(Double.NaN);
  }

  /**
   * Runs the first-stage legs through the view, then, when asked, ColBERT rescoring of the best
   * candidates of their fusion (as Vespa's second phase re-ranks the first phase's best hits),
   * split over the leg threads; returns one ranking per leg, in leg order.
   */
  private List<LegRanking> runLegs(
      SearchView view,
      SearchRequest request,
      List<LegSpec> legs,
      Fusion fusion,
      Map<Leg, Float> weights,
      Map<Leg, Long> nanos)
      throws IOException {
    SearchOptions options = request.options();
    LegSpec colbert = legs.stream().filter(l -> l.leg() == Leg.COLBERT).findFirst().orElse(null);
    List<LegSpec> first = legs.stream().filter(l -> l.leg() != Leg.COLBERT).toList();
    int[] depths =
        first.stream().mapToInt(l -> defaults.candidates(l, options.pageEnd())).toArray();
    List<LegRanking> rankings =
        new ArrayList<>(
            view.firstStage(
                first.stream().map(LegSpec::leg).toList(),
                depths,
                request.input(),
                options.filter(),
                nanos));
    request.deadline().check("the search");
    if (colbert != null) {
      int colbertDepth = defaults.colbertCandidates(colbert);
      long t0 = System.nanoTime();
      int[] candidates;
      if (rankings.isEmpty()) {
        // ColBERT only rescores: alone, it ranks all the dense leg's candidates (not reported as a
        // leg).
        candidates =
            view.firstStage(
                    List.of(Leg.DENSE),
                    new int[] {Math.max(colbertDepth, defaults.candidates(options.pageEnd()))},
                    request.input(),
                    options.filter(),
                    new HashMap<>())
                .get(0)
                .docs();
      } else if (rankings.size() == 1) {
        candidates = rankings.get(0).top(colbertDepth).docs();
      } else {
        candidates =
            Fuser.fuse(fusion, rankings, weights).stream()
                .limit(colbertDepth)
                .mapToInt(Fuser.Fused::doc)
                .toArray();
      }
      request.deadline().check("the search");
      rankings.add(rescore(view, request.input().embedding(), candidates));
      request.deadline().check("the search");
      nanos.put(Leg.COLBERT, System.nanoTime() - t0);
    }
    return rankings;
  }

  /**
   * MaxSim scores of the candidates; slices of at least {@value #RESCORE_SLICE} candidates run in
   * parallel on the leg threads (idle by now), one per core at most.
   */
  private LegRanking rescore(SearchView view, Embedding query, int[] candidates)
      throws IOException {
    int[] docs = Arrays.stream(candidates).distinct().sorted().toArray();
    float[] scores = new float[docs.length];
    int slices =
        Math.max(
            1, Math.min(Runtime.getRuntime().availableProcessors(), docs.length / RESCORE_SLICE));
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (int i = 1; i < slices; i++) {
      int from = docs.length * i / slices;
      int to = docs.length * (i + 1) / slices;
      parts.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  rescoreSlice(view, query, docs, from, to, scores);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              legExecutor));
    }
    rescoreSlice(view, query, docs, 0, docs.length / slices, scores);
    for (CompletableFuture<Void> p : parts) {
      Futures.join(p);
    }
    return LegRanking.sorted(Leg.COLBERT, docs, scores, view.chunkIds(docs));
  }

  private static void rescoreSlice(
      SearchView view, Embedding query, int[] docs, int from, int to, float[] scores)
      throws IOException {
    MaxSim maxSim = new MaxSim(query.multiVector());
    float[] out = new float[to - from];
    view.scoreTokenVectors(Arrays.copyOfRange(docs, from, to), maxSim::score, out);
    System.arraycopy(out, 0, scores, from, out.length);
  }

  /** The requested legs after checking each can run; with none requested, every leg that can. */
  List<LegSpec> resolveLegs(SearchRequest request) {
    QueryInput in = request.input();
    List<LegSpec> requested = request.options().legs();
    if (!requested.isEmpty()) {
      for (LegSpec spec : requested) {
        String missing = whyNot(spec.leg(), in);
        if (missing != null) {
          throw new IllegalArgumentException("leg " + spec.leg().key() + " cannot run: " + missing);
        }
      }
      return requested;
    }
    List<LegSpec> legs = new ArrayList<>();
    for (Leg leg : Leg.values()) {
      if (whyNot(leg, in) == null) {
        legs.add(LegSpec.of(leg));
      }
    }
    if (legs.isEmpty()) {
      throw new IllegalArgumentException(
          "no leg can run for this query on collection " + manifest.name());
    }
    return legs;
  }

  private String whyNot(Leg leg, QueryInput in) {
    Embedding e = in.embedding();
    return switch (leg) {
      case DENSE ->
          !manifest.model().has(EmbeddingPart.DENSE)
              ? "the collection's model has no dense vectors"
              : e == null || e.denseDimension() == 0 ? "the query has no dense vector" : null;
      case SPARSE ->
          !manifest.model().has(EmbeddingPart.SPARSE)
              ? "the collection's model (" + manifest.model().id() + ") has no sparse weights"
              : e == null || e.sparse() == null ? "the query has no sparse weights" : null;
      case COLBERT ->
          !manifest.model().has(EmbeddingPart.MULTI_VECTOR)
              ? "the collection's model has no token vectors"
              : e == null || e.multiVector() == null ? "the query has no token vectors" : null;
      case BM25 -> in.text() == null || in.text().isBlank() ? "the query has no text" : null;
      case IMAGE ->
          manifest.imageModel() == null
              ? "the collection has no image model"
              : !manifest.imageModel().ownLeg()
                  ? "the collection's image model "
                      + manifest.imageModel().id()
                      + " (visualized-bge) puts images in the dense leg"
                  : in.imageVector() == null ? "the query has no image" : null;
    };
  }

  private static List<Fuser.Fused> group(SearchView view, List<Fuser.Fused> fused, int perDocument)
      throws IOException {
    int[] docs = fused.stream().mapToInt(Fuser.Fused::doc).toArray();
    String[] documentIds = view.documentIds(docs);
    Map<String, Integer> seen = new HashMap<>();
    List<Fuser.Fused> kept = new ArrayList<>();
    for (int i = 0; i < docs.length; i++) {
      if (seen.merge(documentIds[i], 1, Integer::sum) <= perDocument) {
        kept.add(fused.get(i));
      }
    }
    return kept;
  }
}
