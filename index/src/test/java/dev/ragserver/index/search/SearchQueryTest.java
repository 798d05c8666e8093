package dev.ragserver.index.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ragserver.config.SearchConfig;
import dev.ragserver.index.filter.Filter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A query checks itself once, naming the API field, the rule and the value; defaults come from
 * search.*.
 */
class SearchQueryTest {
  private static final SearchConfig SEARCH =
      new SearchConfig(10, 100, 50, 7, 1000, 0.5, 1, 0.75, 3, 1, 32, 1024);
  private static final SearchDefaults DEFAULTS = new SearchDefaults(SEARCH);
  private static final QueryLimits LIMITS = QueryLimits.of(SEARCH, 50);

  private static SearchQuery.Builder query() {
    return SearchQuery.builder(DEFAULTS, LIMITS).text("owls");
  }

  private static void fails(String field, String message, Executable build) {
    InvalidQueryException e = assertThrows(InvalidQueryException.class, build);
    assertEquals(field, e.field());
    assertEquals(message, e.getMessage());
  }

  @Test
  void aQueryWithoutOptionsGetsTheConfiguredDefaults() {
    SearchQuery q = query().build();
    assertEquals(10, q.options().topK());
    assertEquals(new Fusion.Rrf(7), q.options().fusion());
    assertEquals(
        new Fusion.Rrf(7), DEFAULTS.fusion("RRF"), "a fusion named without k gets search.rrf_k");
    assertEquals(List.of(), q.options().legs());
    assertEquals(0.75f, DEFAULTS.weight(q.options().fusion(), LegSpec.of(Leg.BM25)));
    assertEquals(
        0.4f, DEFAULTS.weight(new Fusion.M3(), LegSpec.of(Leg.DENSE)), "m3 keeps BGE-M3's weights");
    assertEquals(2f, DEFAULTS.weight(new Fusion.M3(), new LegSpec(Leg.DENSE, 0, 2f)));
    assertEquals(120, DEFAULTS.candidates(LegSpec.of(Leg.DENSE), 120), "at least the page's end");
    assertEquals(100, DEFAULTS.candidates(LegSpec.of(Leg.DENSE), 20));
    assertEquals(50, DEFAULTS.colbertCandidates(LegSpec.of(Leg.COLBERT)));
  }

  @Test
  void eachBrokenRuleNamesItsFieldAndValue() {
    fails(
        "top_k",
        "top_k must be a whole number from 1 to 1000, got: 0",
        () -> query().topK(0).build());
    fails(
        "offset",
        "offset must be a whole number from 0 to 1000, got: -1",
        () -> query().offset(-1).build());
    fails(
        "top_k",
        "offset + top_k must be at most 1000 (search.max_top_k), got: 1100",
        () -> query().topK(900).offset(200).build());
    fails(
        "neighbours",
        "neighbours must be from 0 to 20, got: 21",
        () -> query().neighbours(21, 21).build());
    fails(
        "neighbours.after",
        "neighbours.after must be a whole number from 0 to 20, got: 30",
        () -> query().neighbours(1, 30).build());
    fails(
        "score_threshold",
        "score_threshold must be a number between 0 and 1, got: 1.5",
        () -> query().scoreThreshold(1.5f).build());
    fails(
        "legs",
        "each leg may appear once, got: [dense, dense]",
        () -> query().legs(List.of(LegSpec.of(Leg.DENSE), LegSpec.of(Leg.DENSE))).build());
    fails(
        "query",
        "query must be at most 50 characters (server.max_query_chars), got: 51",
        () -> query().text("x".repeat(51)).build());
    fails(
        "query", "a query needs \"query\" text or an \"image\"", () -> query().text("  ").build());
    fails(
        "fusion",
        "unknown fusion \"median\"; use rrf, weighted or m3",
        () -> DEFAULTS.fusion("median"));
  }

  @Test
  void anImageAloneIsAQueryAndItsBytesCannotBeChangedFromOutside() {
    byte[] png = {1, 2, 3};
    SearchQuery q = query().text(null).image(png).build();
    png[0] = 9;
    assertEquals(1, q.image()[0]);
    q.image()[1] = 9;
    assertEquals(2, q.image()[1]);
  }

  @Test
  void aFieldNestedInAnotherBodyIsRenamedWithItsMessage() {
    InvalidQueryException e =
        assertThrows(InvalidQueryException.class, () -> query().topK(0).build());
    InvalidQueryException nested = e.under("retrieval_setting.");
    assertEquals("retrieval_setting.top_k", nested.field());
    assertEquals(
        "retrieval_setting.top_k must be a whole number from 1 to 1000, got: 0",
        nested.getMessage());
  }

  @Test
  void aFilterDeeperOrLargerThanTheLimitsIsRefusedAndDoubleNegationIsDropped() {
    Filter f = new Filter.Equals("team", "red");
    Filter deep = f;
    for (int i = 0; i < 32; i++) {
      deep = new Filter.Not(deep);
    }
    assertEquals(f, query().filter(new Filter.Not(new Filter.Not(f))).build().options().filter());
    Filter tooDeep = deep;
    fails(
        "filter",
        "a filter may nest at most 32 levels of and/or/not (search.max_filter_depth), got: 33",
        () -> query().filter(tooDeep).build());
    java.util.List<Object> values = new java.util.ArrayList<>();
    for (int i = 0; i < 1025; i++) {
      values.add(i);
    }
    fails(
        "filter",
        "a filter may hold at most 1024 conditions, operators and 'in' values"
            + " (search.max_filter_nodes), got: 1025",
        () -> query().filter(new Filter.In("year", values)).build());
  }
}
