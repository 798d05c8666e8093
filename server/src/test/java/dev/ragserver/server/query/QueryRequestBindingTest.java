package dev.ragserver.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragserver.api.query.Filters;
import dev.ragserver.api.query.QueryRequest;
import dev.ragserver.config.ConfigLoader;
import dev.ragserver.config.RagConfig;
import dev.ragserver.index.filter.Filter;
import dev.ragserver.index.search.GroupBy;
import dev.ragserver.index.search.Leg;
import dev.ragserver.index.search.LegSpec;
import dev.ragserver.index.search.QueryLimits;
import dev.ragserver.index.search.SearchDefaults;
import dev.ragserver.index.search.SearchQuery;
import dev.ragserver.server.http.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java client's {@link QueryRequest} (the record the client sends) means to the server exactly
 * what it says: every field it writes is read into the query, so the client and the server cannot
 * drift apart.
 */
class QueryRequestBindingTest {
  private static final RagConfig CONFIG =
      ConfigLoader.builder().environment(Map.of()).build().load();
  private static final SearchDefaults DEFAULTS = new SearchDefaults(CONFIG.search());
  private static final QueryLimits LIMITS =
      QueryLimits.of(CONFIG.search(), CONFIG.server().maxQueryChars());

  private static SearchQuery read(QueryRequest request) throws Exception {
    return new QueryReader(DEFAULTS, LIMITS)
        .read(Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(request)));
  }

  @Test
  void everyFieldTheClientSendsReachesTheQuery() throws Exception {
    QueryRequest request =
        QueryRequest.text("what causes tides")
            .withPage(5, 10)
            .withLegSettings(
                Map.of(
                    "dense",
                    new QueryRequest.LegSettings(40, 2.0),
                    "bm25",
                    QueryRequest.LegSettings.defaults()))
            .withFusion(QueryRequest.FusionSpec.weighted())
            .withFilter(Filters.and(Filters.equalTo("team", "red"), Filters.exists("year")))
            .withPerDocument(2)
            .withNeighbours(1, 2)
            .withThresholds(0.25, 0.5)
            .withExplain();
    SearchQuery expected =
        SearchQuery.builder(DEFAULTS, LIMITS)
            .text("what causes tides")
            .topK(5)
            .offset(10)
            // in the order the request writes them (a map's order)
            .legs(
                request.legs().keySet().stream()
                    .map(
                        n ->
                            n.equals("dense")
                                ? new LegSpec(Leg.DENSE, 40, 2.0f)
                                : LegSpec.of(Leg.BM25))
                    .toList())
            .fusion(DEFAULTS.fusion("weighted"))
            .filter(
                new Filter.And(
                    List.of(new Filter.Equals("team", "red"), new Filter.Exists("year"))))
            .groupBy(new GroupBy(2))
            .neighbours(1, 2)
            .scoreThreshold(0.25f)
            .minRelevance(0.5f)
            .explain(true)
            .build();
    assertEquals(expected, read(request));
  }

  @Test
  void anImageQueryCarriesTheImageBytes() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    SearchQuery q = read(QueryRequest.image(png).withText("a red logo"));
    assertEquals("a red logo", q.text());
    assertEquals(java.util.Arrays.toString(png), java.util.Arrays.toString(q.image()));
  }
}
