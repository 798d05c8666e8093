package dev.ragserver.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.schema.StoredChunk;
import dev.ragserver.index.search.GroupBy;
import dev.ragserver.index.search.Hit;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegScore;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.index.search.SearchDefaults;
import dev.ragserver.index.search.SearchQuery;
import dev.ragserver.model.concurrent.Deadline;
import dev.ragserver.server.engine.Engine;
import dev.ragserver.server.http.Json;
import dev.ragserver.server.query.FilterJson;
import dev.ragserver.server.query.QueryService;
import dev.ragserver.server.query.QueryViews;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./rag search}: a hybrid query on a collection, without a server. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description =
        "Run a hybrid query on a collection and print the hits with each leg's score and rank.")
final class SearchCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "QUERY",
      arity = "1..*",
      description = "The query text (words are joined).")
  List<String> words;

  @Option(
      names = {"-c", "--collection"},
      required = true,
      paramLabel = "NAME",
      description = "Collection to search.")
  String collection;

  @Option(
      names = {"-k", "--top-k"},
      paramLabel = "N",
      description = "Hits (default: search.top_k).")
  Integer topK;

  @Option(
      names = "--legs",
      split = ",",
      paramLabel = "LEG",
      description =
          "Legs to run: dense, sparse, bm25, colbert,"
              + " image (default: every leg the collection has).")
  List<String> legs;

  @Option(names = "--fusion", paramLabel = "METHOD", description = "rrf (default), weighted or m3.")
  String fusion;

  @Option(
      names = "--filter",
      paramLabel = "JSON",
      description =
          "A filter as in the HTTP API, e.g." + " '{\"field\":\"team\",\"equals\":\"docs\"}'.")
  String filter;

  @Option(names = "--group-by-document", description = "Best chunk per document.")
  boolean group;

  @Option(names = "--json", description = "Print the HTTP API's JSON response instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    RagConfig loaded = config.load();
    SearchQuery query = query(loaded);
    try (Engine engine = Engine.open(loaded)) {
      long t0 = System.nanoTime();
      QueryService.Answer answer = QueryService.of(engine).run(collection, query, Deadline.NONE);
      long took = System.nanoTime() - t0;
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(
            Json.MAPPER
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(
                    QueryViews.response(
                        collection, answer.result(), true, answer.embedNanos(), took)));
        return 0;
      }
      List<Leg> run = answer.result().legs();
      StringBuilder header =
          new StringBuilder(String.format(Locale.ROOT, "%-4s %-8s", "#", "score"));
      for (Leg leg : run) {
        header.append(String.format(Locale.ROOT, " %-14s", leg.key()));
      }
      out.println(header.append(" source / text"));
      int n = 1;
      for (Hit h : answer.result().hits()) {
        StringBuilder line =
            new StringBuilder(String.format(Locale.ROOT, "%-4d %-8.4f", n++, h.score()));
        for (Leg leg : run) {
          LegScore s = h.legs().get(leg);
          line.append(
              String.format(
                  Locale.ROOT,
                  " %-14s",
                  s == null ? "-" : String.format(Locale.ROOT, "%.3f #%d", s.score(), s.rank())));
        }
        StoredChunk c = h.chunk();
        String where =
            c.source()
                + (c.pageStart() > 0 ? " p." + c.pageStart() : "")
                + (c.headingPath().isEmpty() ? "" : " › " + String.join(" › ", c.headingPath()));
        out.println(line.append(' ').append(where));
        String text = c.text().replaceAll("\\s+", " ").strip();
        out.println("     " + (text.length() > 160 ? text.substring(0, 157) + "..." : text));
      }
      out.printf(
          Locale.ROOT,
          "%d hits in %.1f ms (embedding %.1f ms)%n",
          answer.result().hits().size(),
          took / 1e6,
          answer.embedNanos() / 1e6);
      return 0;
    }
  }

  /** The options as a query, checked before any model loads (a bad option fails fast). */
  private SearchQuery query(RagConfig loaded) throws JsonProcessingException {
    SearchDefaults defaults = new SearchDefaults(loaded.search());
    SearchQuery.Builder b =
        SearchQuery.builder(
                defaults, QueryLimits.of(loaded.search(), loaded.server().maxQueryChars()))
            .text(String.join(" ", words))
            .explain(true);
    if (topK != null) {
      b.topK(topK);
    }
    if (legs != null) {
      b.legs(legs.stream().map(name -> LegSpec.of(Leg.of(name))).toList());
    }
    if (fusion != null) {
      b.fusion(defaults.fusion(fusion));
    }
    if (filter != null) {
      b.filter(FilterJson.parse(Json.MAPPER.readTree(filter), "filter"));
    }
    if (group) {
      b.groupBy(GroupBy.bestChunk());
    }
    return b.build();
  }
}
