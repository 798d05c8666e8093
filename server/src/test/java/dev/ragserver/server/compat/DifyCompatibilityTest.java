package dev.ragserver.server.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ragserver.server.http.TestServer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dify's External Knowledge API with the exact JSON Dify sends: the request of {@code
 * fetch_external_knowledge_retrieval} in Dify's {@code api/services/external_knowledge_service.py}
 * ({@code {"retrieval_setting": {"top_k", "score_threshold"}, "query", "knowledge_id",
 * "metadata_condition": MetadataCondition.model_dump() or None}}), the conditions of {@code
 * api/core/rag/entities/metadata_entities.py} ({@code {"name", "comparison_operator", "value"}},
 * operators of {@code SupportedComparisonOperator}), and the key probe of {@code
 * check_endpoint_and_api_key} (a body-less {@code POST /retrieval} with the key; Dify refuses the
 * key only on 403, the endpoint on 404 and 502).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifyCompatibilityTest {
  private static final String KEY = "dify-read-key-0123456789";
  private static final String ADMIN = "dify-admin-key-0123456789";

  @TempDir static Path dir;
  private TestServer s;

  @BeforeAll
  void start() {
    s =
        new TestServer(
            dir.resolve("data"),
            Map.of(
                "server.read_keys",
                "[\"" + KEY + "\"]",
                "server.admin_keys",
                "[\"" + ADMIN + "\"]"));
    s.key(ADMIN);
    assertEquals(201, s.put("/v1/collections/kb", "{}").status());
    TestServer.Response r =
        s.post(
            "/v1/collections/kb/documents",
            """
            {"documents": [
              {"id": "report-2026", "text": "The 2026 lighthouse maintenance report lists lamp replacements.",
               "title": "Maintenance 2026", "metadata": {"year": 2026, "author": "Ada Lovelace", "published": "2026-03-01"}},
              {"id": "report-2021", "text": "The 2021 lighthouse maintenance report lists repainting of towers.",
               "title": "Maintenance 2021", "metadata": {"year": 2021, "author": "Grace Hopper", "published": "2021-06-15"}},
              {"id": "tides", "text": "Tide tables predict high and low water for harbour pilots.",
               "title": "Tides", "metadata": {"year": "2024", "author": "Alan Turing", "published": "2024-01-10"}}
            ]}""");
    assertEquals(200, r.status(), r.text());
    s.key(KEY);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  /** Dify's request body, as fetch_external_knowledge_retrieval builds it. */
  private static String request(String query, int topK, double threshold, String condition) {
    return "{\"retrieval_setting\": {\"top_k\": "
        + topK
        + ", \"score_threshold\": "
        + threshold
        + "}, \"query\": \""
        + query
        + "\", \"knowledge_id\": \"kb\", \"metadata_condition\": "
        + condition
        + "}";
  }

  private static String condition(String logical, String... conditions) {
    return "{\"logical_operator\": "
        + logical
        + ", \"conditions\": ["
        + String.join(", ", conditions)
        + "]}";
  }

  private static String c(String name, String op, String value) {
    return "{\"name\": "
        + name
        + ", \"comparison_operator\": \""
        + op
        + "\", \"value\": "
        + value
        + "}";
  }

  private Set<String> ids(String body) {
    TestServer.Response r = s.post("/retrieval", body);
    assertEquals(200, r.status(), r.text());
    Set<String> out = new java.util.TreeSet<>();
    r.json().get("records").forEach(x -> out.add(x.at("/metadata/document_id").asText()));
    return out;
  }

  private Set<String> where(String... conditions) {
    return ids(request("lighthouse report", 10, 0.0, condition("\"and\"", conditions)));
  }

  /**
   * Dify's key probe, in both forms: the old body-less POST, and the retrieval-shaped body Dify
   * sends since its fix for body-less probes (dify#39410).
   */
  private List<TestServer.Response> probes(String key) {
    s.key(key);
    TestServer.Response bare =
        s.send(s.request("/retrieval").POST(HttpRequest.BodyPublishers.noBody()));
    TestServer.Response json =
        s.post(
            "/retrieval",
            "{\"knowledge_id\": \"\", \"query\": \"test\", \"retrieval_setting\": {\"top_k\": 1,"
                + " \"score_threshold\": 0.0}}");
    s.key(KEY);
    return List.of(bare, json);
  }

  @Test
  void theKeyProbeRefusesAWrongOrMissingKeyWith403AndAcceptsTheRightOne() {
    for (String key : new String[] {"wrong-key-0123456789abc", null}) {
      for (TestServer.Response r : probes(key)) {
        assertEquals(403, r.status(), r.text());
        assertEquals(key == null ? 1001 : 1002, r.json().get("error_code").asInt());
        assertFalse(r.json().get("error_msg").asText().isBlank());
      }
    }
    for (TestServer.Response r : probes(KEY)) {
      assertFalse(Set.of(403, 404, 502).contains(r.status()), "Dify saves the key: " + r.text());
    }
    TestServer.Response unknown =
        s.post("/retrieval", "{\"knowledge_id\": \"nope\", \"query\": \"x\"}");
    assertEquals(404, unknown.status());
    assertEquals(2001, unknown.json().get("error_code").asInt());
  }

  @Test
  void nullConditionsAndNamesAsStringOrListAreAccepted() {
    assertEquals(3, ids(request("lighthouse report", 10, 0.0, "null")).size());
    assertEquals(
        3,
        ids(request(
                "lighthouse report",
                10,
                0.0,
                "{\"logical_operator\": \"and\", \"conditions\": null}"))
            .size());
    assertEquals(
        3,
        ids("{\"query\": \"lighthouse report\", \"knowledge_id\": \"kb\", \"retrieval_setting\": {\"top_k\": null, \"score_threshold\": 0.0}}")
            .size());
    assertEquals(Set.of("report-2021"), where(c("\"author\"", "is", "\"Grace Hopper\"")));
    assertEquals(Set.of("tides"), where(c("[\"author\", \"title\"]", "start with", "\"Tides\"")));
    assertEquals(
        Set.of("report-2021", "tides"),
        ids(
            request(
                "lighthouse report",
                10,
                0.0,
                condition(
                    "\"or\"",
                    c("\"author\"", "is", "\"Grace Hopper\""),
                    c("[\"title\", \"author\"]", "is", "\"Tides\"")))));
  }

  @Test
  void textOperatorsMatchInsideKeywordValues() {
    assertEquals(Set.of("report-2026"), where(c("\"author\"", "contains", "\"Love\"")));
    assertEquals(
        Set.of("report-2021", "tides"), where(c("\"author\"", "not contains", "\"Love\"")));
    assertEquals(Set.of("tides"), where(c("\"author\"", "start with", "\"Alan\"")));
    assertEquals(Set.of("report-2021"), where(c("\"author\"", "end with", "\"Hopper\"")));
    assertEquals(Set.of(), where(c("\"author\"", "contains", "\"a*e\"")), "* is no wildcard");
  }

  @Test
  void numberLikeStringsCompareAsNumbers() {
    // {{var}} substitution and automatic filtering send numbers as strings
    assertEquals(Set.of("report-2026"), where(c("\"year\"", "=", "\"2026\"")));
    assertEquals(Set.of("report-2026"), where(c("\"year\"", "=", "2026")));
    assertEquals(
        Set.of("tides"),
        where(c("\"year\"", "=", "\"2024\"")),
        "text metadata that reads as a number");
    assertEquals(Set.of("report-2021", "tides"), where(c("\"year\"", "≠", "\"2026\"")));
    assertEquals(Set.of("report-2026"), where(c("\"year\"", ">", "\"2021\"")));
    assertEquals(Set.of("report-2021", "report-2026"), where(c("\"year\"", "≥", "\"2021\"")));
    assertEquals(Set.of("report-2021"), where(c("\"year\"", "<", "\"2026\"")));
    assertEquals(Set.of("report-2021", "report-2026"), where(c("\"year\"", "≤", "2026")));
    assertEquals(
        Set.of("report-2021", "report-2026"), where(c("\"year\"", "in", "[\"2021\", \"2026\"]")));
  }

  @Test
  void beforeAndAfterTakeIsoDatesAndUnixSeconds() {
    assertEquals(Set.of("report-2021"), where(c("\"published\"", "before", "\"2024-01-01\"")));
    assertEquals(
        Set.of("report-2026"), where(c("\"published\"", "after", "\"2025-01-01T00:00:00Z\"")));
    long jan2024 = 1704067200L; // 2024-01-01T00:00:00Z
    assertEquals(
        Set.of("report-2021"), where(c("\"published\"", "before", String.valueOf(jan2024))));
    assertEquals(
        Set.of("report-2026", "tides"), where(c("\"published\"", "after", "\"" + jan2024 + "\"")));
    TestServer.Response bad =
        s.post(
            "/retrieval",
            request("x", 3, 0.0, condition("\"and\"", c("\"published\"", "before", "\"soon\""))));
    assertEquals(400, bad.status());
    assertTrue(
        bad.json().get("detail").asText().contains("Unix seconds or an ISO-8601 date"), bad.text());
  }

  @Test
  void scoreIsTheRelevanceAndTheThresholdFiltersOnIt() {
    JsonNode all =
        s.post("/retrieval", request("lighthouse maintenance report", 3, 0.0, "null")).json();
    List<Double> scores = new ArrayList<>();
    all.get("records").forEach(r -> scores.add(r.get("score").asDouble()));
    assertEquals(3, scores.size());
    JsonNode query =
        s.post(
                "/v1/collections/kb/query",
                "{\"query\": \"lighthouse maintenance report\", \"top_k\": 3}")
            .json();
    for (int i = 0; i < 3; i++) {
      assertEquals(query.at("/hits/" + i + "/relevance").asDouble(), scores.get(i), 1e-6);
    }
    double cut = (scores.get(0) + scores.get(2)) / 2;
    JsonNode above =
        s.post("/retrieval", request("lighthouse maintenance report", 3, cut, "null")).json();
    above.get("records").forEach(r -> assertTrue(r.get("score").asDouble() >= cut));
    assertTrue(above.get("records").size() < 3);
  }
}
