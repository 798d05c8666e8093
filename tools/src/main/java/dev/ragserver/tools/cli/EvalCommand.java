package dev.ragserver.tools.cli;

import dev.ragserver.config.RagConfig;
import dev.ragserver.index.collection.CollectionIndex;
import dev.ragserver.index.collection.CollectionManifest;
import dev.ragserver.index.relevance.RelevanceModel;
import dev.ragserver.server.cli.ConfigOptions;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.Json;
import dev.ragserver.tools.beir.BeirArchives;
import dev.ragserver.tools.eval.BeirDataset;
import dev.ragserver.tools.eval.CalibrationCurve;
import dev.ragserver.tools.eval.Calibrator;
import dev.ragserver.tools.eval.EvalCollection;
import dev.ragserver.tools.eval.Evaluator;
import dev.ragserver.tools.eval.Pipeline;
import dev.ragserver.tools.eval.Regressions;
import dev.ragserver.tools.eval.Tuner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./rag eval}: retrieval quality on a BEIR-format dataset. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Ingest a BEIR-format dataset (reused when already built with the same model and chunking), run",
      "each pipeline over a split's queries and print nDCG@10, Recall@100, MRR@10 and latency side by side.",
      "--tune searches fusion settings on the train split and reports the best on the test split;",
      "--regressions runs every file under eval/regressions and fails on a miss;",
      "--calibrate fits the relevance model on the train split, stores it with the evaluation",
      "collection (and with --into's collection) and reports its calibration on --split;",
      "--relevance reports the current relevance model's calibration on --split."
    })
final class EvalCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Option(
      names = "--dataset",
      paramLabel = "NAME|DIR",
      defaultValue = "scifact",
      description =
          "A BEIR dataset name (scifact, nfcorpus, fiqa, ...: its public archive is downloaded"
              + " into the cache on first use, checksum verified) or a BEIR-format folder"
              + " (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Where downloaded datasets are kept (default: ~/.cache/rag/beir, or"
              + " $XDG_CACHE_HOME/rag/beir).")
  Path cache;

  @Option(
      names = "--split",
      defaultValue = "test",
      description = "Split to evaluate (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--pipelines",
      split = ",",
      defaultValue = "dense-exact,dense,bm25,colbert,rrf,weighted",
      description =
          "Pipelines: ${DEFAULT-VALUE}, sparse, m3, default, or rrf:k=20,dense=1,bm25=0.5,colbert=2"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> pipelines;

  @Option(
      names = "--chunk-tokens",
      defaultValue = "0",
      description =
          "0 = whole documents (as BEIR/MTEB); N = chunk at N tokens (default: ${DEFAULT-VALUE}).")
  int chunkTokens;

  @Option(
      names = "--backend",
      defaultValue = "lucene",
      description =
          "lucene, or opensearch: build and search the evaluation collection on the cluster of"
              + " opensearch.hosts (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Option(
      names = "--tune",
      description = "Search fusion settings on the train split, report the best on --split.")
  boolean tune;

  @Option(
      names = "--regressions",
      description = "Run every regression file (eval/regressions/*.yaml).")
  boolean regressions;

  @Option(
      names = "--calibrate",
      description =
          "Fit the relevance model on the train split of the default pipeline's top 10 hits, store"
              + " it with the evaluation collection and report its calibration on --split.")
  boolean calibrate;

  @Option(
      names = "--into",
      paramLabel = "COLLECTION",
      description =
          "With --calibrate: also store the fitted model with this collection (same model; it"
              + " takes effect when the collection is next opened).")
  String into;

  @Option(
      names = "--relevance",
      description = "Report the relevance model's calibration on --split (no fitting).")
  boolean relevance;

  @Option(
      names = "--threshold",
      defaultValue = "0.5",
      description =
          "The min_relevance whose effect --calibrate and --relevance report (default:"
              + " ${DEFAULT-VALUE}).")
  float threshold;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path home = Path.of(System.getProperty("rag.home", ".")).toAbsolutePath().normalize();
    if (regressions) {
      return new Regressions(
                  home,
                  cache == null
                      ? BeirArchives.published()
                      : new BeirArchives(
                          cache, BeirArchives.PUBLIC_URL, BeirArchives.PUBLISHED_MD5),
                  out)
              .runAll()
          ? 0
          : 1;
    }
    BeirArchives archives =
        cache == null
            ? BeirArchives.published()
            : new BeirArchives(cache, BeirArchives.PUBLIC_URL, BeirArchives.PUBLISHED_MD5);
    BeirDataset data =
        BeirDataset.open(dataset, Path.of(""), archives, spec.commandLine().getErr());
    RagConfig cfg = config.load();
    // evaluation collections live apart from the served ones: ./rag serve never lists them
    try (Engine engine = Engine.open(cfg, EvalCollection.folder(cfg).toString())) {
      if (!backend.equals("lucene") && !backend.equals("opensearch")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--backend must be lucene or opensearch, got: " + backend);
      }
      CollectionIndex index =
          EvalCollection.open(
              engine, data, chunkTokens, backend.equals("opensearch"), spec.commandLine().getErr());
      if (calibrate || relevance) {
        return relevance(engine, data, index, out);
      }
      List<Evaluator.Result> results = new ArrayList<>();
      if (tune) {
        Tuner.Outcome best =
            new Tuner(index, engine.embedder(), data, spec.commandLine().getErr()).tune();
        out.printf(
            Locale.ROOT,
            "best on train: %s (nDCG@10 %.4f)%n",
            best.pipeline().name(),
            best.train().ndcg10());
        Evaluator test =
            new Evaluator(index, engine.embedder(), data.queries(split), data.qrels(split));
        results.add(test.run(best.pipeline()));
        results.add(test.run(Pipeline.named().get("default")));
      } else {
        Evaluator evaluator =
            new Evaluator(index, engine.embedder(), data.queries(split), data.qrels(split));
        for (String p : pipelines) {
          results.add(evaluator.run(Pipeline.parse(p)));
          if (!json) {
            spec.commandLine().getErr().println("  ran " + p);
          }
        }
      }
      print(out, data, engine.embedder().info().id(), results);
      return 0;
    }
  }

  private int relevance(Engine engine, BeirDataset data, CollectionIndex index, PrintWriter out)
      throws Exception {
    String model = engine.embedder().info().id();
    Pipeline pipeline = Pipeline.named().get("default");
    Calibrator calibrator = new Calibrator(pipeline);
    RelevanceModel fitted;
    if (calibrate) {
      Evaluator train =
          new Evaluator(index, engine.embedder(), data.queries("train"), data.qrels("train"));
      fitted =
          calibrator.fit(
              train,
              data.qrels("train"),
              model,
              data.folder().getFileName()
                  + " train, "
                  + train.queries().size()
                  + " queries, pipeline default, top "
                  + Calibrator.HITS
                  + " hits");
      fitted.writeTo(index.directory());
      out.println("fitted: " + fitted);
      out.println("stored: " + index.directory().resolve(RelevanceModel.FILE));
      if (into != null) {
        Path target = Path.of(engine.config().index().dataDir()).resolve(into);
        CollectionManifest manifest = CollectionManifest.read(target);
        if (!manifest.model().id().equals(model)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "collection "
                  + into
                  + " holds "
                  + manifest.model().id()
                  + " embeddings, not "
                  + model);
        }
        fitted.writeTo(target);
        out.println("stored: " + target.resolve(RelevanceModel.FILE));
      }
    } else {
      fitted = RelevanceModel.forCollection(index.directory(), model);
      out.println("model: " + fitted);
    }
    Evaluator test =
        new Evaluator(index, engine.embedder(), data.queries(split), data.qrels(split));
    Calibrator.Report r = calibrator.report(fitted, test, data.qrels(split), threshold);
    out.printf(
        Locale.ROOT,
        "%n%s %s, %s, pipeline default, top %d hits of %d queries%n%n",
        data.folder().getFileName(),
        split,
        model,
        Calibrator.HITS,
        test.queries().size());
    out.printf(
        Locale.ROOT,
        "| relevance | hits | mean predicted | observed relevant |%n|---|---|---|---|%n");
    for (CalibrationCurve.Bin b : r.curve().bins()) {
      out.printf(
          Locale.ROOT,
          "| %.1f–%.1f | %d | %s | %s |%n",
          b.low(),
          b.high(),
          b.count(),
          b.count() == 0 ? "—" : String.format(Locale.ROOT, "%.3f", b.meanPredicted()),
          b.count() == 0 ? "—" : String.format(Locale.ROOT, "%.3f", b.observed()));
    }
    out.printf(Locale.ROOT, "%nexpected calibration error: %.4f%n", r.curve().ece());
    out.printf(
        Locale.ROOT,
        "queries whose top hit has relevance ≥ %.2f: %.1f%%%n",
        r.threshold(),
        100 * r.topHitAbove());
    out.printf(
        Locale.ROOT,
        "queries with their relevant documents removed (%d) that return nothing at min_relevance"
            + " %.2f: %.1f%%%n",
        r.unanswerable(),
        r.threshold(),
        100 * r.unanswerableEmpty());
    return 0;
  }

  private void print(
      PrintWriter out, BeirDataset data, String model, List<Evaluator.Result> results)
      throws Exception {
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Evaluator.Result r : results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", data.folder().getFileName().toString());
        m.put("split", split);
        m.put("model", model);
        m.put("chunk_tokens", chunkTokens);
        m.put("pipeline", r.pipeline());
        m.put("ndcg_at_10", r.ndcg10());
        m.put("recall_at_100", r.recall100());
        m.put("mrr_at_10", r.mrr10());
        m.put("search_ms", r.searchMillis());
        m.put("embed_ms", r.embedMillis());
        m.put("queries", r.queries());
        rows.add(m);
      }
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      return;
    }
    out.printf(
        Locale.ROOT,
        "%s %s, %s, %s, %d queries%n%n",
        data.folder().getFileName(),
        split,
        model,
        chunkTokens == 0 ? "whole documents" : "chunks of " + chunkTokens + " tokens",
        results.isEmpty() ? 0 : results.get(0).queries());
    out.printf(
        Locale.ROOT,
        "| pipeline | nDCG@10 | Recall@100 | MRR@10 | search ms/query | embed ms/query |%n"
            + "|---|---|---|---|---|---|%n");
    for (Evaluator.Result r : results) {
      out.printf(
          Locale.ROOT,
          "| %s | %.4f | %.4f | %.4f | %.2f | %.2f |%n",
          r.pipeline(),
          r.ndcg10(),
          r.recall100(),
          r.mrr10(),
          r.searchMillis(),
          r.embedMillis());
    }
  }
}
