package dev.ragserver.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as a contract every response must meet: its status documented for the
 * operation, its media type among the documented ones, and a JSON body valid against the documented
 * schema (checked by networknt's JSON Schema 2020-12 validator, the dialect OpenAPI 3.1 uses, with
 * the document's {@code $ref}s resolved). {@link TestServer} checks every response the API tests
 * receive, so the document cannot drift from the server.
 */
public final class OpenApiContract {
  /** The document as the server serves it. */
  static final String RESOURCE = "/dev/ragserver/server/openapi.json";

  private static final String BASE = "https://rag-server.invalid/openapi.json";
  private static final OpenApiContract INSTANCE = new OpenApiContract();

  private final JsonNode document;
  private final SchemaRegistry registry;
  private final List<Template> templates = new ArrayList<>();
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private record Template(String path, Pattern pattern, int params) {}

  private OpenApiContract() {
    String text;
    try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      document = Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(BASE, text)));
    for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext(); ) {
      String path = it.next();
      String regex = Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
      templates.add(new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1));
    }
    templates.sort(Comparator.comparingInt(Template::params));
  }

  /** The contract. */
  public static OpenApiContract get() {
    return INSTANCE;
  }

  /**
   * What is wrong with this response under the document ("" when nothing): an undocumented status,
   * media type or a body that breaks the schema. Requests to no documented operation (404 and 405
   * of unmatched routes) have no contract beyond problem+json.
   */
  public String violations(
      String method, String rawPath, int status, String contentType, byte[] body) {
    String path = rawPath.contains("?") ? rawPath.substring(0, rawPath.indexOf('?')) : rawPath;
    String m = method.equals("HEAD") ? "get" : method.toLowerCase(Locale.ROOT);
    Template t =
        templates.stream()
            .filter(x -> x.pattern().matcher(path).matches())
            .findFirst()
            .orElse(null);
    JsonNode op = t == null ? null : document.get("paths").get(t.path()).get(m);
    if (op == null && t == null && m.equals("get") && status == 200 && !path.startsWith("/v1/")) {
      return ""; // the web console's static files, which the API document does not describe
    }
    if (op == null) {
      return status == 404 || status == 405 || status == 403 || status == 400
          ? problemOnly(contentType)
          : method + " " + path + " answered " + status + " but is no documented operation";
    }
    JsonNode responses = op.get("responses");
    String code = String.valueOf(status);
    JsonNode response = responses.has(code) ? responses.get(code) : responses.get("default");
    if (response == null) {
      return method
          + " "
          + t.path()
          + ": status "
          + status
          + " is not documented (documented: "
          + names(responses)
          + ")";
    }
    JsonNode content = response.get("content");
    if (content == null || method.equals("HEAD") || body.length == 0) {
      return content == null && body.length > 0 && !method.equals("HEAD")
          ? method + " " + t.path() + " " + status + ": a body where the document declares none"
          : "";
    }
    String media =
        contentType.contains(";")
            ? contentType.substring(0, contentType.indexOf(';')).strip()
            : contentType.strip();
    String key = mediaKey(content, media);
    if (key == null) {
      return method
          + " "
          + t.path()
          + " "
          + status
          + ": media type "
          + media
          + " is not documented (documented: "
          + names(content)
          + ")";
    }
    if (!media.endsWith("json")) {
      return "";
    }
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return method + " " + t.path() + " " + status + ": not JSON: " + e.getMessage();
    }
    String pointer =
        "#/paths/"
            + escape(t.path())
            + "/"
            + m
            + "/responses/"
            + (responses.has(code) ? code : "default")
            + "/content/"
            + escape(key)
            + "/schema";
    Schema schema =
        schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + p)));
    List<Error> errors = schema.validate(json);
    if (errors.isEmpty()) {
      return "";
    }
    StringBuilder b =
        new StringBuilder(method + " " + t.path() + " " + status + " breaks the schema:");
    errors.stream().limit(5).forEach(e -> b.append("\n  ").append(e));
    String text = new String(body, StandardCharsets.UTF_8);
    b.append("\n  body: ").append(text, 0, Math.min(600, text.length()));
    return b.toString();
  }

  private static String problemOnly(String contentType) {
    return contentType.startsWith(Problems.MEDIA_TYPE) || contentType.isEmpty()
        ? ""
        : "an unmatched route answered " + contentType + ", not " + Problems.MEDIA_TYPE;
  }

  private static String mediaKey(JsonNode content, String media) {
    for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (k.equals(media)
          || (k.endsWith("/*") && media.startsWith(k.substring(0, k.length() - 1)))) {
        return k;
      }
    }
    return null;
  }

  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String escape(String pointerPart) {
    return pointerPart
        .replace("~", "~0")
        .replace("/", "~1")
        .replace("{", "%7B")
        .replace("}", "%7D");
  }
}
