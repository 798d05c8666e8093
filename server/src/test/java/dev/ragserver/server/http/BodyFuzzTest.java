package dev.ragserver.server.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-based fuzzing of the query, document and delete bodies over real HTTP: generated JSON of
 * the shapes the OpenAPI schemas allow (their fields with values of the right and of every wrong
 * type, filters of any depth and operator) and of shapes they don't (unknown fields, other roots,
 * random text). Whatever comes, the server answers below 500 within the deadline, and then still
 * answers an ordinary query.
 *
 * <p>Each run draws a new seed; a failure names it and the body. A short run by default; a longer
 * one, or a replay: {@code ./rag test -pl server -Dtest=BodyFuzzTest -Drag.fuzz.cases=5000
 * [-Drag.fuzz.seed=SEED]}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BodyFuzzTest {
  private static final int CASES = Integer.getInteger("rag.fuzz.cases", 60);
  private static final long SEED = Long.getLong("rag.fuzz.seed", new Random().nextLong());
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> FILTER_KEYS =
      List.of("field", "equals", "in", "range", "exists", "and", "or", "not", "gt", "lt");
  private static final List<String> WORDS =
      List.of(
          "dense",
          "sparse",
          "bm25",
          "colbert",
          "image",
          "rrf",
          "weighted",
          "method",
          "k",
          "candidates",
          "weight",
          "team",
          "page",
          "year",
          "document_id",
          "modality",
          "chunk_number",
          "2024-05-01",
          "",
          " ",
          "owl",
          "\u0000",
          "文",
          "..",
          "%zz",
          "metadata.team");

  @TempDir static Path dir;
  private TestServer s;

  /** The fields of the query body and of one document, as the served OpenAPI document has them. */
  private List<String> queryFields;

  private List<String> documentFields;

  @BeforeAll
  void start() {
    s = new TestServer(dir.resolve("data"), Map.of());
    JsonNode schemas = s.get("/v1/openapi.json").json().at("/components/schemas");
    queryFields = fieldNames(schemas.at("/Query/properties"));
    documentFields =
        fieldNames(schemas.at("/DocumentsUpsert/properties/documents/items/properties"));
    assertTrue(queryFields.contains("filter") && documentFields.contains("metadata"));
    s.put("/v1/collections/f", "{}");
    s.post(
        "/v1/collections/f/documents",
        "{\"documents\": [{\"id\": \"owls\", \"text\": \"Barn owls hunt voles at night.\","
            + " \"metadata\": {\"team\": \"birds\", \"year\": 2024}}]}");
  }

  private static List<String> fieldNames(JsonNode properties) {
    List<String> names = new java.util.ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @AfterAll
  void stop() {
    s.close();
  }

  @Test
  void anyQueryBodyGetsAnAnswerBelow500InTime() {
    run("/v1/collections/f/query", 1, g -> g.body(queryFields));
  }

  @Test
  void anyDocumentsBodyGetsAnAnswerBelow500InTime() {
    run(
        "/v1/collections/f/documents",
        2,
        g -> {
          if (g.random.nextInt(5) == 0) {
            return g.any(3).toString();
          }
          ObjectNode o = F.objectNode();
          ArrayNode docs = o.putArray("documents");
          for (int i = g.random.nextInt(4); i > 0; i--) {
            docs.add(g.object(documentFields));
          }
          return o.toString();
        });
  }

  @Test
  void anyDeleteBodyGetsAnAnswerBelow500InTime() {
    run(
        "/v1/collections/f/documents/delete",
        3,
        g -> {
          ObjectNode o = F.objectNode();
          o.set("filter", g.filter(5));
          return g.random.nextBoolean()
              ? o.toString()
              : g.object(List.of("ids", "filter")).toString();
        });
  }

  /** Posts {@link #CASES} generated bodies (this test's own stream of the run's seed). */
  private void run(String path, int stream, java.util.function.Function<Gen, String> body) {
    Gen g = new Gen(new Random(SEED * 31 + stream));
    for (int i = 0; i < CASES; i++) {
      String b = body.apply(g);
      String replay = " (case " + i + ", -Drag.fuzz.seed=" + SEED + "): " + abbreviate(b);
      long t0 = System.nanoTime();
      TestServer.Response r = s.post(path, b);
      long took = System.nanoTime() - t0;
      assertTrue(r.status() < 500, r.status() + replay + " -> " + r.text());
      assertTrue(took < DEADLINE_NANOS, "took " + took / 1_000_000 + " ms" + replay);
    }
    TestServer.Response ok = s.post("/v1/collections/f/query", "{\"query\": \"owls\"}");
    assertTrue(ok.status() == 200, "an ordinary query afterwards: " + ok.text());
  }

  private static String abbreviate(String body) {
    return body.length() > 600 ? body.substring(0, 600) + "...(" + body.length() + " chars)" : body;
  }

  /** JSON from a seeded random stream: schema-shaped, filter-shaped, or anything. */
  private static final class Gen {
    final Random random;

    Gen(Random random) {
      this.random = random;
    }

    <T> T pick(List<T> items) {
      return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    final JsonNode oneOf(Supplier<JsonNode>... options) {
      return options[random.nextInt(options.length)].get();
    }

    String body(List<String> fields) {
      return switch (random.nextInt(10)) {
        case 0 -> any(3).toString();
        case 1 -> text(200);
        default -> object(fields).toString();
      };
    }

    /** An object whose keys are mostly the schema's, each with a value of any type. */
    ObjectNode object(List<String> fields) {
      ObjectNode o = F.objectNode();
      for (int i = random.nextInt(8); i > 0; i--) {
        String key = random.nextInt(10) == 0 ? text(8) : pick(fields);
        o.set(
            key,
            switch (random.nextInt(6)) {
              case 0, 1, 2 -> scalar();
              case 3, 4 -> filter(5);
              default -> any(2);
            });
      }
      return o;
    }

    /** Filter-shaped JSON: conditions and and/or/not, right and wrong, up to this depth. */
    JsonNode filter(int depth) {
      int kind = depth == 0 ? 0 : random.nextInt(7);
      if (kind <= 2) {
        ObjectNode o = F.objectNode();
        o.put("field", pick(WORDS));
        String op = pick(FILTER_KEYS);
        JsonNode value = scalar();
        switch (op) {
          case "in" -> {
            ArrayNode a = o.putArray("in");
            for (int i = random.nextInt(4); i > 0; i--) {
              a.add(random.nextBoolean() ? value : scalar());
            }
          }
          case "range" ->
              o.putObject("range").set(pick(List.of("gt", "gte", "lt", "lte", "x")), value);
          default -> o.set(op, value);
        }
        return o;
      }
      if (kind <= 4) {
        ObjectNode o = F.objectNode();
        o.set("not", filter(depth - 1));
        return o;
      }
      ObjectNode o = F.objectNode();
      ArrayNode a = o.putArray(random.nextBoolean() ? "and" : "or");
      for (int i = random.nextInt(4); i > 0; i--) {
        a.add(filter(depth - 1));
      }
      return o;
    }

    JsonNode scalar() {
      return oneOf(
          () -> F.textNode(pick(WORDS)),
          () -> F.textNode(text(40)),
          () -> F.numberNode(random.nextInt()),
          () -> F.numberNode(random.nextInt(2000) - 1000),
          () -> F.numberNode(random.nextLong()),
          () -> F.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20)),
          () -> F.booleanNode(random.nextBoolean()),
          F::nullNode,
          () -> F.numberNode(BigInteger.TEN.pow(40)));
    }

    /** Any JSON value up to this depth. */
    JsonNode any(int depth) {
      if (depth == 0) {
        return scalar();
      }
      return oneOf(
          this::scalar,
          () -> {
            ArrayNode a = F.arrayNode();
            for (int i = random.nextInt(4); i > 0; i--) {
              a.add(any(depth - 1));
            }
            return a;
          },
          () -> {
            ObjectNode o = F.objectNode();
            for (int i = random.nextInt(4); i > 0; i--) {
              o.set(pick(WORDS), any(depth - 1));
            }
            return o;
          });
    }

    /** Random text, often not JSON at all. */
    String text(int max) {
      StringBuilder b = new StringBuilder();
      for (int i = random.nextInt(max + 1); i > 0; i--) {
        b.append(
            (char) (random.nextInt(4) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95)));
      }
      return b.toString();
    }
  }
}
