package dev.ragserver.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragserver.config.ImageModelKind;
import dev.ragserver.config.ModelConfig;
import dev.ragserver.config.RagConfig;
import dev.ragserver.ingest.loader.Images;
import dev.ragserver.ingest.loader.LoadException;
import dev.ragserver.ingest.loader.LoaderLimits;
import dev.ragserver.model.Embedders;
import dev.ragserver.model.Embedding;
import dev.ragserver.model.EmbeddingBatch;
import dev.ragserver.model.EmbeddingPart;
import dev.ragserver.model.SparseVector;
import dev.ragserver.model.TextEmbedder;
import dev.ragserver.model.image.ImageEncoder;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * Embeds texts with the configured model, or images (each alone or with a text) with the image
 * model, and prints one JSON object per text or image.
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Embed texts (arguments, or one per line on standard input) and print JSON lines.",
      "With --image, embed images with the image model (image_model.*): each alone, or each with"
          + " the text at its position. A visualized-bge model gives one vector in the text"
          + " model's dense space (\"dense\"); a clip model its image-space vector (\"image\";"
          + " with a text, the weighted sum of the two)."
    })
final class EmbedCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--query", description = "Embed as queries (with the model's instruction).")
  boolean query;

  @Option(
      names = "--parts",
      split = ",",
      paramLabel = "PART",
      description = "Parts to compute: ${COMPLETION-CANDIDATES} (default: all the model has).")
  Set<EmbeddingPart> parts;

  @Option(
      names = "--vectors",
      description = "Print token vectors in full (default: only their count).")
  boolean vectors;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description = "A served text model (default: model.name; see ./rag config for models:).")
  String model;

  @Option(
      names = "--image",
      paramLabel = "FILE",
      description =
          "An image to embed with the image model (repeatable); texts, when given, go one to"
              + " each image in order.")
  List<Path> images;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to embed.")
  List<String> texts = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    ObjectMapper json = new ObjectMapper();
    RagConfig cfg = config.load();
    if (images != null) {
      return embedImages(json, cfg);
    }
    List<String> input = texts.isEmpty() ? stdinLines() : texts;
    ModelConfig chosen =
        model == null
            ? cfg.model()
            : cfg.model(model)
                .orElseThrow(
                    () ->
                        new picocli.CommandLine.ParameterException(
                            spec.commandLine(),
                            "--model "
                                + model
                                + " is not served; the served models: "
                                + cfg.models().keySet()));
    try (TextEmbedder embedder = Embedders.open(chosen)) {
      Set<EmbeddingPart> wanted = parts == null ? embedder.info().parts() : EnumSet.copyOf(parts);
      EmbeddingBatch batch =
          query ? embedder.embedQueries(input, wanted) : embedder.embedDocuments(input, wanted);
      for (int i = 0; i < input.size(); i++) {
        spec.commandLine()
            .getOut()
            .println(json.writeValueAsString(toJson(json, input.get(i), batch.get(i))));
      }
      if (batch.truncated() > 0) {
        spec.commandLine()
            .getErr()
            .printf(
                "rag: %d of %d texts were longer than %d tokens and were truncated%n",
                batch.truncated(), input.size(), embedder.info().maxTokens());
      }
    }
    return 0;
  }

  private int embedImages(ObjectMapper json, RagConfig cfg) throws IOException {
    if (!cfg.imageModel().enabled()) {
      throw new ParameterException(
          spec.commandLine(),
          "--image needs an image model: set image_model.name, image_model.kind and"
              + " image_model.directory");
    }
    if (!texts.isEmpty() && texts.size() != images.size()) {
      throw new ParameterException(
          spec.commandLine(),
          "with --image, give no text or one per image: "
              + images.size()
              + " images, "
              + texts.size()
              + " texts");
    }
    if (parts != null || model != null || query) {
      throw new ParameterException(
          spec.commandLine(),
          "--parts, --model and --query apply to texts; --image embeds with the image model");
    }
    LoaderLimits limits = LoaderLimits.of(cfg.ingest());
    List<BufferedImage> pixels = new ArrayList<>();
    for (Path p : images) {
      pixels.add(decode(p, limits));
    }
    try (ImageEncoder encoder = ImageEncoder.open(cfg.imageModel())) {
      // a Visualized BGE vector sits in the text model's dense space, a CLIP one in its own
      String field = encoder.kind() == ImageModelKind.CLIP ? "image" : "dense";
      for (int i = 0; i < images.size(); i++) {
        String text = texts.isEmpty() ? null : texts.get(i);
        ObjectNode node = json.createObjectNode();
        node.put("file", images.get(i).toString());
        if (text != null) {
          node.put("text", text);
        }
        node.put("image_model", encoder.id());
        node.put("kind", encoder.kind().id());
        ArrayNode v = node.putArray(field);
        for (float x : encoder.embedQuery(pixels.get(i), text)) {
          v.add(x);
        }
        spec.commandLine().getOut().println(json.writeValueAsString(node));
      }
    }
    return 0;
  }

  private BufferedImage decode(Path file, LoaderLimits limits) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return Images.decode(bytes, limits);
    } catch (LoadException e) {
      throw new ParameterException(
          spec.commandLine(), "--image " + file + " cannot be used: " + e.getMessage());
    }
  }

  private ObjectNode toJson(ObjectMapper json, String text, Embedding e) {
    ObjectNode node = json.createObjectNode();
    node.put("text", text);
    node.put("tokens", e.tokens());
    node.put("truncated", e.truncated());
    if (e.dense() != null) {
      ArrayNode dense = node.putArray("dense");
      for (float v : e.dense()) {
        dense.add(v);
      }
    }
    if (e.sparse() != null) {
      ObjectNode sparse = node.putObject("sparse");
      SparseVector s = e.sparse();
      for (int i = 0; i < s.size(); i++) {
        sparse.put(Integer.toString(s.tokenId(i)), s.weight(i));
      }
    }
    if (e.multiVector() != null) {
      ObjectNode multi = node.putObject("multi_vector");
      multi.put("count", e.multiVector().count());
      multi.put("dimension", e.multiVector().dimension());
      if (vectors) {
        ArrayNode rows = multi.putArray("vectors");
        for (int i = 0; i < e.multiVector().count(); i++) {
          ArrayNode row = rows.addArray();
          for (float v : e.multiVector().vector(i)) {
            row.add(v);
          }
        }
      }
    }
    return node;
  }

  private static List<String> stdinLines() throws IOException {
    List<String> lines = new ArrayList<>();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(
          "no text to embed: pass texts as arguments or lines on standard input");
    }
    return lines;
  }
}
