package dev.ragserver.server.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ragserver.index.filter.Filter;
import dev.ragserver.server.http.Json;
import org.junit.jupiter.api.Test;

/** A filter written with a hit's own field names filters on the fields the hit shows. */
class FilterJsonTest {
  private static Filter parse(String json) throws Exception {
    return FilterJson.parse(Json.MAPPER.readTree(json), "filter");
  }

  @Test
  void aHitsNamesStandForTheIndexsBuiltInFields() throws Exception {
    assertEquals(
        new Filter.Equals("doc_id", "guide.md"),
        parse("{\"field\": \"document_id\", \"equals\": \"guide.md\"}"));
    assertEquals(
        parse("{\"field\": \"chunk_no\", \"equals\": 2}"),
        parse("{\"field\": \"chunk_number\", \"equals\": 2}"));
    assertEquals(
        new Filter.Equals("team", "red"), parse("{\"field\": \"team\", \"equals\": \"red\"}"));
  }
}
